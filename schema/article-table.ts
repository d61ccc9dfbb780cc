/**
 * The one definition of the article table: key schema, indexes and key
 * builders. The CDK stack, local mode, the adapters and the tests all read it
 * from here, so they can never disagree.
 *
 * Single-table design (see README "Query from dashboards"):
 *
 * | item            | pk                      | sk                         | facet (GSI pk)          | facetSort (GSI sk)        |
 * |-----------------|-------------------------|----------------------------|-------------------------|---------------------------|
 * | article record  | ARTICLE#<articleId>     | ARTICLE                    | –                       | –                         |
 * | facet entry     | ARTICLE#<articleId>     | FACET#<facet>              | TOPIC#politics, …       | <date>#<articleId>        |
 * | upload (object) | OBJECT#<bucket>/<key>   | OBJECT                     | STATUS#REJECTED/FAILED  | <updatedAt>#<bucket>/<key> |
 * | bulk file line  | OBJECT#<bucket>/<key>   | LINE#<0000017>             | STATUS#REJECTED         | <updatedAt>#<bucket>/<key>#L17 |
 * | counters        | COUNT#<basis>#<gran>#<n> | <period>                  | –                       | –                         |
 *
 * Facet entries are sparse copies of an article's summary, one per topic,
 * stance target × label, alignment, language and source, so that every
 * dashboard question is a Query on one index, newest first.
 *
 * Counter items hold one number attribute per dimension value (`ALL`,
 * `TOPIC#politics`, …) for one period (`2024-03` or `2024-03-12`) of one
 * basis (`published` or `ingested`). Each article counts in one of
 * `COUNTER_SHARDS` shards, chosen by its id, so that a busy day's writes
 * spread over several partitions; a time series is the sum of the shards.
 */

export type AttributeType = 'S' | 'N' | 'B';

export interface KeyAttribute {
  readonly name: string;
  readonly type: AttributeType;
}

export interface GlobalIndexDefinition {
  readonly indexName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
}

export interface TableDefinition {
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
  readonly globalIndexes: readonly GlobalIndexDefinition[];
}

export const FACET_INDEX = 'byFacet';

export const ARTICLE_TABLE: TableDefinition = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  globalIndexes: [
    {
      indexName: FACET_INDEX,
      partitionKey: { name: 'facet', type: 'S' },
      sortKey: { name: 'facetSort', type: 'S' },
    },
  ],
};

/** Sort key of the one article record in an article's partition. */
export const ARTICLE_SK = 'ARTICLE';
/** Sort key of the one upload-status item per S3 object key. */
export const OBJECT_SK = 'OBJECT';
export const FACET_SK_PREFIX = 'FACET#';
export const LINE_SK_PREFIX = 'LINE#';

/** `facetSort` prefix for articles with no known publication date: they sort before every dated one. */
export const UNDATED = '0000';

export const keys = {
  article: (articleId: string) => ({ pk: `ARTICLE#${articleId}`, sk: ARTICLE_SK }),
  facetItem: (articleId: string, facet: string) => ({
    pk: `ARTICLE#${articleId}`,
    sk: `${FACET_SK_PREFIX}${facet}`,
  }),
  object: (bucket: string, key: string) => ({ pk: `OBJECT#${bucket}/${key}`, sk: OBJECT_SK }),
  /** One line of a bulk file, in its object's partition: a Query on the object's pk answers for every line. */
  objectLine: (bucket: string, key: string, line: number) => ({
    pk: `OBJECT#${bucket}/${key}`,
    sk: `${LINE_SK_PREFIX}${String(line).padStart(7, '0')}`,
  }),
  counter: (basis: string, granularity: string, shard: number, period: string) => ({
    pk: counterPartition(basis, granularity, shard),
    sk: period,
  }),
};

export const counterPartition = (basis: string, granularity: string, shard: number): string =>
  `COUNT#${basis}#${granularity}#${shard}`;

/** Counter shards per series. Raising it is safe for new counts; readers must sum every shard ever used. */
export const COUNTER_SHARDS = 4;

/** The counter shard of an article: stable, so a reclassification decrements the same item it incremented. */
export const counterShard = (articleId: string): number =>
  Number.parseInt(articleId.slice(0, 8), 16) % COUNTER_SHARDS || 0;

/** Values of the `facet` GSI partition key. Slugs and labels are lower-case. */
export const facets = {
  topic: (slug: string) => `TOPIC#${slug}`,
  stance: (target: string, label: string) => `STANCE#${target}#${label}`,
  alignment: (label: string) => `ALIGNMENT#${label}`,
  language: (lang: string) => `LANG#${lang}`,
  source: (source: string) => `SOURCE#${source.toLowerCase()}`,
  status: (status: 'REJECTED' | 'FAILED') => `STATUS#${status}`,
  /** Counter-only (no index entries): the cross-tab of source and alignment. */
  sourceAlignment: (source: string, alignment: string) =>
    `SOURCE_ALIGNMENT#${source.toLowerCase()}#${alignment}`,
};

/** `facetSort` for an article: newest first with ScanIndexForward=false; date ranges with BETWEEN. */
export const articleFacetSort = (date: string | undefined, articleId: string): string =>
  `${date ?? UNDATED}#${articleId}`;

export const objectFacetSort = (updatedAt: string, bucket: string, key: string, line?: number): string =>
  `${updatedAt}#${bucket}/${key}${line === undefined ? '' : `#L${line}`}`;

/**
 * Bounds for a date range on `facetSort`: `from` and `to` are ISO prefixes
 * (`2024`, `2024-03`, `2024-03-12`), both inclusive. `~` sorts after every
 * character that can follow a date prefix (`-`, digits, `T`, `:`, `#`).
 */
export const dateRangeBounds = (from: string, to: string): { lower: string; upper: string } => ({
  lower: from,
  upper: `${to}~`,
});
