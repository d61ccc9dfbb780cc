/**
 * The stored shape of an article and of an upload, and the pure rules that
 * build and merge them. Storage keys and index entries are the adapter's
 * business; nothing here knows about DynamoDB.
 */
import { createHash } from 'node:crypto';
import type { ParsedArticle, Rejection } from './article';
import type { Classification } from './classification';

/** Status of an upload, spelled exactly as stored. */
export type UploadStatus = 'INGESTED' | 'REJECTED' | 'FAILED';

/** Where an object came from: one S3 object version, as the event named it. */
export interface ObjectRef {
  readonly bucket: string;
  /** Decoded key (no URL encoding). */
  readonly key: string;
  readonly versionId?: string;
  readonly etag?: string;
  readonly size?: number;
  /** S3's event sequencer, normalised with `normaliseSequencer`. Orders events for one key. */
  readonly sequencer?: string;
  readonly eventTime?: string;
  /** 1-based line of a bulk (JSON Lines) file the article came from. */
  readonly line?: number;
}

/**
 * One place an article was seen, with what that copy said about itself: the
 * same text can arrive as a page, a JSON export and a text file, each with
 * its own date precision or format.
 */
export interface Sighting {
  readonly bucket: string;
  readonly key: string;
  readonly line?: number;
  readonly versionId?: string;
  readonly etag?: string;
  readonly sequencer?: string;
  readonly seenAt: string;
  readonly format: string;
  readonly date?: string;
  readonly datePrecision?: ParsedArticle['datePrecision'];
}

export interface ArticleRecord {
  readonly articleId: string;
  readonly status: 'INGESTED';
  /** The object the article was first seen in. */
  readonly bucket: string;
  readonly key: string;
  readonly line?: number;
  readonly versionId?: string;
  readonly etag?: string;
  /** Every object this article was seen in, keyed by `s3://bucket/key` (`#L<line>` for a line of a bulk file). */
  readonly sightings: Readonly<Record<string, Sighting>>;
  readonly sightingCount: number;

  readonly date?: string;
  readonly datePrecision?: ParsedArticle['datePrecision'];
  readonly title: string;
  readonly lead?: string;
  readonly body: string;
  /** True when `body` was cut to fit the item size limit; the full text stays in S3. */
  readonly bodyTruncated: boolean;
  readonly photoCredit?: string;
  readonly relatedHeadlines: readonly string[];
  readonly language: string;
  readonly wordCount: number;
  readonly source?: string;
  readonly url?: string;
  readonly format: string;

  readonly topics: Classification['topics'];
  /** Slug of the first topic, absent when no topic was confident. */
  readonly primaryTopic?: string;
  readonly stance: Classification['stance'];
  readonly alignment: Classification['alignment'];
  readonly classifier: Classification['classifier'];

  readonly ingestedAt: string;
  readonly classifiedAt: string;
  readonly updatedAt: string;
}

/** What happened to one S3 object: the answer to "what happened to my upload?". */
export interface UploadRecord {
  readonly bucket: string;
  readonly key: string;
  /** Set on the record of one line of a bulk file; absent on the record of the whole object. */
  readonly line?: number;
  readonly versionId?: string;
  readonly etag?: string;
  readonly size?: number;
  readonly sequencer?: string;
  readonly status: UploadStatus;
  /** Set when status is INGESTED. */
  readonly articleId?: string;
  /** Set when status is REJECTED or FAILED. */
  readonly errorCode?: string;
  readonly reason?: string;
  /** For a bulk file: how its lines fared. */
  readonly lines?: { readonly total: number; readonly ingested: number; readonly rejected: number };
  readonly updatedAt: string;
}

/** Longest body, in UTF-16 code units, stored in a record (DynamoDB items are capped at 400 KB). */
export const MAX_STORED_BODY_CHARS = 100_000;

/**
 * The article id: a hash of the normalised title and body, so the same article
 * uploaded twice, under any key or with other whitespace, gets the same id.
 */
export function articleIdFor(article: Pick<ParsedArticle, 'title' | 'body'>): string {
  const normalised = `${article.title}\n${article.body}`
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/gu, ' ')
    .trim();
  return createHash('sha256').update(normalised).digest('hex').slice(0, 20);
}

export const sightingKey = (bucket: string, key: string, line?: number): string =>
  line === undefined ? `s3://${bucket}/${key}` : `s3://${bucket}/${key}#L${line}`;

/**
 * S3 sequencers are hex strings of varying length; compare them after
 * left-padding to one width. Stored padded, so the store can compare strings.
 */
export const normaliseSequencer = (sequencer: string): string => sequencer.toUpperCase().padStart(32, '0');

/**
 * The outlet an article came from: the parsed source when the input names it,
 * else the first folder under the drop prefix (`incoming/<outlet>/file.txt`).
 */
export function sourceFor(article: ParsedArticle, key: string, prefix: string): string | undefined {
  if (article.source) return article.source.trim().toLowerCase();
  const rest = key.startsWith(prefix) ? key.slice(prefix.length) : key;
  const parts = rest.split('/');
  return parts.length > 1 && parts[0] ? parts[0].toLowerCase() : undefined;
}

export interface BuildArticleInput {
  readonly ref: ObjectRef;
  readonly article: ParsedArticle;
  readonly classification: Classification;
  readonly source?: string;
  readonly now: string;
}

export function buildArticleRecord({
  ref,
  article,
  classification,
  source,
  now,
}: BuildArticleInput): ArticleRecord {
  const bodyTruncated = article.body.length > MAX_STORED_BODY_CHARS;
  const sighting: Sighting = {
    bucket: ref.bucket,
    key: ref.key,
    line: ref.line,
    versionId: ref.versionId,
    etag: ref.etag,
    sequencer: ref.sequencer,
    seenAt: now,
    format: article.format,
    date: article.date,
    datePrecision: article.datePrecision,
  };
  return {
    articleId: articleIdFor(article),
    status: 'INGESTED',
    bucket: ref.bucket,
    key: ref.key,
    line: ref.line,
    versionId: ref.versionId,
    etag: ref.etag,
    sightings: { [sightingKey(ref.bucket, ref.key, ref.line)]: sighting },
    sightingCount: 1,
    date: article.date,
    datePrecision: article.datePrecision,
    title: article.title,
    lead: article.lead,
    body: bodyTruncated ? article.body.slice(0, MAX_STORED_BODY_CHARS) : article.body,
    bodyTruncated,
    photoCredit: article.photoCredit,
    relatedHeadlines: article.relatedHeadlines,
    language: article.language,
    wordCount: article.wordCount,
    source,
    url: article.url,
    format: article.format,
    topics: classification.topics,
    primaryTopic: classification.topics[0]?.slug,
    stance: classification.stance,
    alignment: classification.alignment,
    classifier: classification.classifier,
    ingestedAt: now,
    classifiedAt: now,
    updatedAt: now,
  };
}

/**
 * Merge a freshly built record into the stored one. The stored record keeps
 * its first sighting and ingestion time and gains the new sighting. A
 * classification by the same classifier version is kept as it was (it is
 * deterministic); a new version replaces it. The publication date becomes the
 * new copy's when that is more precise (a month from a text file, then the
 * exact time from a JSON export). Returns `undefined` when the merge changes
 * nothing, so a redelivery writes nothing.
 */
export function mergeArticleRecord(
  existing: ArticleRecord | undefined,
  incoming: ArticleRecord,
): ArticleRecord | undefined {
  if (!existing) return incoming;
  const [newKey, newSighting] = Object.entries(incoming.sightings)[0] ?? [];
  const known = newKey ? existing.sightings[newKey] : undefined;
  const sameSighting =
    known !== undefined && known.versionId === newSighting?.versionId && known.etag === newSighting?.etag;
  const sameClassifier = existing.classifier.version === incoming.classifier.version;
  if ((sameSighting || !newKey) && sameClassifier) return undefined;

  const sightings =
    newKey && newSighting && !sameSighting
      ? { ...existing.sightings, [newKey]: newSighting }
      : existing.sightings;
  const classification = sameClassifier
    ? {}
    : {
        topics: incoming.topics,
        primaryTopic: incoming.primaryTopic,
        stance: incoming.stance,
        alignment: incoming.alignment,
        classifier: incoming.classifier,
        classifiedAt: incoming.classifiedAt,
      };
  const moreExactDate =
    precisionRank(incoming.datePrecision) > precisionRank(existing.datePrecision)
      ? { date: incoming.date, datePrecision: incoming.datePrecision }
      : {};
  return {
    ...existing,
    ...classification,
    ...moreExactDate,
    sightings,
    sightingCount: Object.keys(sightings).length,
    updatedAt: incoming.updatedAt,
  };
}

const PRECISION_RANK: Readonly<Record<string, number>> = { year: 1, month: 2, day: 3, second: 4 };
const precisionRank = (precision: string | undefined): number =>
  precision ? (PRECISION_RANK[precision] ?? 0) : 0;

export function ingestedUpload(ref: ObjectRef, articleId: string, now: string): UploadRecord {
  return { ...uploadBase(ref, now), status: 'INGESTED', articleId };
}

export function rejectedUpload(ref: ObjectRef, rejection: Rejection, now: string): UploadRecord {
  return { ...uploadBase(ref, now), status: 'REJECTED', errorCode: rejection.code, reason: rejection.reason };
}

export function failedUpload(ref: ObjectRef, error: unknown, attempts: number, now: string): UploadRecord {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  return {
    ...uploadBase(ref, now),
    status: 'FAILED',
    errorCode: name,
    reason: `Processing failed ${attempts} times (last error: ${name}: ${message}). The message is in the dead-letter queue; fix the cause, then redrive it (see README "Observe").`,
  };
}

function uploadBase(ref: ObjectRef, now: string) {
  return {
    bucket: ref.bucket,
    key: ref.key,
    line: ref.line,
    versionId: ref.versionId,
    etag: ref.etag,
    size: ref.size,
    sequencer: ref.sequencer,
    updatedAt: now,
  };
}

/** The record of a whole bulk file: INGESTED when any line was, REJECTED when none was. */
export function bulkUpload(
  ref: ObjectRef,
  lines: { total: number; ingested: number; rejected: number },
  now: string,
): UploadRecord {
  const base = { ...uploadBase({ ...ref, line: undefined }, now), lines };
  if (lines.ingested > 0) return { ...base, status: 'INGESTED' };
  return {
    ...base,
    status: 'REJECTED',
    errorCode: 'NO_VALID_LINES',
    reason: `None of the ${lines.total} lines of this bulk file held an article; each line's reason is recorded with its line number. Fix the lines and upload the file again.`,
  };
}
