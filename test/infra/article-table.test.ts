import { ARTICLE_TABLE, type AttributeType } from '../../schema/article-table';
import { removeTestOutdirs, resourceOf, synthIngestStack } from './infra-helpers';

afterAll(removeTestOutdirs);

const CFN_TYPES: Record<AttributeType, string> = { S: 'S', N: 'N', B: 'B' };

describe('article table', () => {
  const { stack, template } = synthIngestStack();
  const table = () => resourceOf(template, stack.articleTable.table);

  it('has exactly the key schema defined in schema/article-table.ts', () => {
    expect(table().Properties.KeySchema).toEqual([
      { AttributeName: ARTICLE_TABLE.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: ARTICLE_TABLE.sortKey.name, KeyType: 'RANGE' },
    ]);
  });

  it('has exactly the global indexes defined in schema/article-table.ts, projecting all attributes', () => {
    expect(table().Properties.GlobalSecondaryIndexes).toEqual(
      ARTICLE_TABLE.globalIndexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    );
  });

  it('declares every key attribute with its type from schema/article-table.ts', () => {
    const keys = [
      ARTICLE_TABLE.partitionKey,
      ARTICLE_TABLE.sortKey,
      ...ARTICLE_TABLE.globalIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
    ];
    expect(table().Properties.AttributeDefinitions).toEqual(
      expect.arrayContaining(
        keys.map((key) => ({ AttributeName: key.name, AttributeType: CFN_TYPES[key.type] })),
      ),
    );
    expect(table().Properties.AttributeDefinitions).toHaveLength(new Set(keys.map((key) => key.name)).size);
  });

  it('bills on demand', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', { BillingMode: 'PAY_PER_REQUEST' });
    expect(table().Properties.ProvisionedThroughput).toBeUndefined();
  });

  it('has point-in-time recovery', () => {
    expect(table().Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
  });

  it('is encrypted at rest with the AWS managed key', () => {
    expect(table().Properties.SSESpecification).toEqual({ SSEEnabled: true });
  });

  it('is protected from deletion and retained by default', () => {
    expect(table().Properties.DeletionProtectionEnabled).toBe(true);
    expect(table()).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('can have deletion protection turned off while still being retained', () => {
    const custom = synthIngestStack({ deletionProtection: false });
    const resource = resourceOf(custom.template, custom.stack.articleTable.table);
    expect(resource.Properties.DeletionProtectionEnabled).toBe(false);
    expect(resource).toMatchObject({ DeletionPolicy: 'Retain' });
  });

  it('is deleted with the stack when removalPolicy is destroy', () => {
    const custom = synthIngestStack({ removalPolicy: 'destroy' });
    const resource = resourceOf(custom.template, custom.stack.articleTable.table);
    expect(resource).toMatchObject({ DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
    expect(resource.Properties.DeletionProtectionEnabled).toBe(false);
  });

  it('lets CloudFormation name it', () => {
    expect(table().Properties.TableName).toBeUndefined();
  });
});
