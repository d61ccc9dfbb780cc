/**
 * In-memory implementations of the domain ports, with the same contract as
 * the DynamoDB store (sequencer guard, article merge). For handler and domain
 * tests only; integration tests use the real store against DynamoDB Local.
 */
import {
  type ArticleRecord,
  mergeArticleRecord,
  type ObjectRef,
  type UploadRecord,
} from '../../lambdas/domain/article-record';
import type { Classification, Classifier, ClassifierInput } from '../../lambdas/domain/classification';
import {
  type ArticleSource,
  type ArticleStore,
  ObjectMissingError,
  type SaveOutcome,
  type StoredObject,
} from '../../lambdas/domain/ports';

export class InMemoryArticleSource implements ArticleSource {
  readonly objects = new Map<string, Uint8Array>();
  readonly reads: ObjectRef[] = [];
  /** Keys whose reads fail with this error (a transient fault). */
  readonly failing = new Map<string, Error>();

  put(bucket: string, key: string, body: string | Uint8Array): void {
    this.objects.set(`${bucket}/${key}`, typeof body === 'string' ? new TextEncoder().encode(body) : body);
  }

  async get(ref: ObjectRef): Promise<StoredObject> {
    this.reads.push(ref);
    const fault = this.failing.get(ref.key);
    if (fault) throw fault;
    const bytes = this.objects.get(`${ref.bucket}/${ref.key}`);
    if (!bytes) throw new ObjectMissingError(`${ref.bucket}/${ref.key} does not exist`);
    return { bytes, etag: 'etag-from-source' };
  }
}

export class InMemoryArticleStore implements ArticleStore {
  readonly articles = new Map<string, ArticleRecord>();
  readonly uploads = new Map<string, UploadRecord>();

  async saveArticle(article: ArticleRecord, upload: UploadRecord): Promise<SaveOutcome> {
    const guard = this.guard(upload);
    if (guard) return guard;
    const existing = this.articles.get(article.articleId);
    const merged = mergeArticleRecord(existing, article);
    if (merged) this.articles.set(merged.articleId, merged);
    this.uploads.set(uploadId(upload), upload);
    return existing ? 'written' : 'created';
  }

  async saveUpload(upload: UploadRecord): Promise<SaveOutcome> {
    const guard = this.guard(upload);
    if (guard) return guard;
    this.uploads.set(uploadId(upload), upload);
    return 'written';
  }

  private guard(upload: UploadRecord): SaveOutcome | undefined {
    const current = this.uploads.get(uploadId(upload));
    if (!current?.sequencer || !upload.sequencer) return undefined;
    if (current.sequencer < upload.sequencer) return undefined;
    if (current.sequencer === upload.sequencer) return current.status === 'FAILED' ? undefined : 'unchanged';
    return 'stale';
  }
}

/** A classifier that labels every article the same way, for tests about plumbing, not quality. */
export class FixedClassifier implements Classifier {
  readonly info = { name: 'fixed-test-classifier', version: 'test-1' };
  readonly inputs: ClassifierInput[] = [];

  classify(input: ClassifierInput): Classification {
    this.inputs.push(input);
    return {
      language: input.lang ?? 'und',
      topics: [
        { slug: 'conflict', score: 0.9 },
        { slug: 'politics', score: 0.6 },
      ],
      stance: {
        russia: { label: 'favor', score: 0.8, evidence: [] },
        ukraine: { label: 'against', score: 0.7, evidence: [] },
        west: { label: 'none', score: 0.9, evidence: [] },
      },
      alignment: { label: 'pro_kremlin', score: 0.75 },
      classifier: this.info,
    };
  }
}

const uploadId = (upload: UploadRecord) =>
  `${upload.bucket}/${upload.key}${upload.line === undefined ? '' : `#L${upload.line}`}`;
