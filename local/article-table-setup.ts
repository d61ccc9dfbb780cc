/**
 * Creates the article table in DynamoDB Local from the one table definition
 * in `schema/article-table.ts`, so local mode can never drift from the stack.
 */
import {
  type AttributeDefinition,
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import type { KeyAttribute, TableDefinition } from '../schema/article-table';

/** Maps the shared table definition to a CreateTable request (on-demand; indexes project ALL). */
export const toCreateTableInput = (
  definition: TableDefinition,
  tableName: string,
): CreateTableCommandInput => {
  const attributes = new Map<string, KeyAttribute>();
  const remember = (attribute: KeyAttribute): void => {
    const known = attributes.get(attribute.name);
    if (known && known.type !== attribute.type) {
      throw new Error(
        `Key attribute ${attribute.name} is declared as both ${known.type} and ${attribute.type}`,
      );
    }
    attributes.set(attribute.name, attribute);
  };
  remember(definition.partitionKey);
  remember(definition.sortKey);
  for (const index of definition.globalIndexes) {
    remember(index.partitionKey);
    remember(index.sortKey);
  }
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attributes.values()].map(
      (attribute): AttributeDefinition => ({ AttributeName: attribute.name, AttributeType: attribute.type }),
    ),
    KeySchema: [
      { AttributeName: definition.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: definition.sortKey.name, KeyType: 'RANGE' },
    ],
    ...(definition.globalIndexes.length > 0
      ? {
          GlobalSecondaryIndexes: definition.globalIndexes.map((index) => ({
            IndexName: index.indexName,
            KeySchema: [
              { AttributeName: index.partitionKey.name, KeyType: 'HASH' as const },
              { AttributeName: index.sortKey.name, KeyType: 'RANGE' as const },
            ],
            Projection: { ProjectionType: 'ALL' as const },
          })),
        }
      : {}),
  };
};

/** Creates the table unless it already exists (data persists between runs), then waits until it is ACTIVE. */
export const ensureTable = async (client: DynamoDBClient, input: CreateTableCommandInput): Promise<void> => {
  const tableName = input.TableName ?? '';
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  await client.send(new CreateTableCommand(input));
  // DynamoDB Local creates tables ACTIVE at once; poll briefly anyway, as against the real service.
  for (let attempt = 0; attempt < 60; attempt += 1) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`Table ${tableName} did not become ACTIVE within 30 s`);
};
