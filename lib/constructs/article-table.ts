import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import type { AttributeType, KeyAttribute, TableDefinition } from '../../schema/article-table';

export interface ArticleTableProps {
  /** Keys and global secondary indexes: pass `ARTICLE_TABLE` from `schema/article-table.ts`, the one definition. */
  readonly definition: TableDefinition;
  /**
   * What happens to the table when it leaves the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * DynamoDB deletion protection.
   * @default true
   */
  readonly deletionProtection?: boolean;
}

const ATTRIBUTE_TYPES: Record<AttributeType, dynamodb.AttributeType> = {
  S: dynamodb.AttributeType.STRING,
  N: dynamodb.AttributeType.NUMBER,
  B: dynamodb.AttributeType.BINARY,
};

const toAttribute = (key: KeyAttribute): dynamodb.Attribute => ({
  name: key.name,
  type: ATTRIBUTE_TYPES[key.type],
});

/**
 * The article table: on-demand, point-in-time recovery, encrypted at rest with
 * the AWS managed key (no key policy to maintain, no per-request KMS cost to the
 * account). Key schema and indexes come only from the definition passed in.
 * Every index projects all attributes, so a dashboard query never needs a second read.
 */
export class ArticleTable extends Construct {
  public readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props: ArticleTableProps) {
    super(scope, id);
    const { definition } = props;

    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: toAttribute(definition.partitionKey),
      sortKey: toAttribute(definition.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      deletionProtection: props.deletionProtection ?? true,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });

    for (const index of definition.globalIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: toAttribute(index.partitionKey),
        sortKey: toAttribute(index.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
  }
}
