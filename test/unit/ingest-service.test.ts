import { IngestService } from '../../lambdas/domain/ingest';
import { FixedClassifier, InMemoryArticleSource, InMemoryArticleStore } from '../support/in-memory-ports';

const setup = () => {
  const source = new InMemoryArticleSource();
  const store = new InMemoryArticleStore();
  const service = new IngestService({
    source,
    store,
    classifier: new FixedClassifier(),
    prefix: 'incoming/',
    maxObjectBytes: 1_000_000,
  });
  return { source, store, service };
};

const line = (title: string, text: string) => JSON.stringify({ title, text, lang: 'en', date: '2024-03-12' });

describe('IngestService', () => {
  it('turns each good line of a bulk file into its own article and records each bad line with its number', async () => {
    const { source, store, service } = setup();
    const body = [
      line('Harbour reopens', 'The harbour reopened on Tuesday after repairs to the quay.'),
      '{"title": "broken json"',
      line('Mountain pass closed', 'Snow closed the mountain pass for the second day running.'),
      JSON.stringify({ title: 'No text here' }),
    ].join('\n');
    source.put('b', 'incoming/bulk.jsonl', body);

    const outcome = await service.ingest({ bucket: 'b', key: 'incoming/bulk.jsonl', sequencer: '01' });

    expect(outcome.status).toBe('BULK');
    expect(store.articles.size).toBe(2);
    const sightings = [...store.articles.values()].flatMap((a) => Object.keys(a.sightings)).sort();
    expect(sightings).toEqual(['s3://b/incoming/bulk.jsonl#L1', 's3://b/incoming/bulk.jsonl#L3']);
    expect(store.uploads.get('b/incoming/bulk.jsonl#L2')).toMatchObject({ status: 'REJECTED', line: 2 });
    expect(store.uploads.get('b/incoming/bulk.jsonl#L2')?.reason).toMatch(/line 2/i);
    expect(store.uploads.get('b/incoming/bulk.jsonl#L4')).toMatchObject({ status: 'REJECTED', line: 4 });
    expect(store.uploads.get('b/incoming/bulk.jsonl')).toMatchObject({
      status: 'INGESTED',
      lines: { total: 4, ingested: 2, rejected: 2 },
    });
  });

  it('rejects a bulk file none of whose lines hold an article, keeping each line reason', async () => {
    const { source, store, service } = setup();
    source.put('b', 'incoming/bad.jsonl', '{"a":\n{"b":\n');

    await service.ingest({ bucket: 'b', key: 'incoming/bad.jsonl' });

    expect(store.uploads.get('b/incoming/bad.jsonl')).toMatchObject({
      status: 'REJECTED',
      errorCode: 'NO_VALID_LINES',
    });
    expect(store.uploads.get('b/incoming/bad.jsonl#L1')?.status).toBe('REJECTED');
  });

  it('rejects an oversized object without reading it', async () => {
    const { source, store, service } = setup();

    const outcome = await service.ingest({ bucket: 'b', key: 'incoming/huge.txt', size: 2_000_000 });

    expect(outcome).toMatchObject({ status: 'REJECTED', rejection: { code: 'TOO_LARGE' } });
    expect(source.reads).toEqual([]);
    expect(store.uploads.get('b/incoming/huge.txt')?.reason).toMatch(/maxObjectBytes/);
  });

  it('classifies the lead and body together and keeps the title apart', async () => {
    const { source } = setup();
    const classifier = new FixedClassifier();
    const withClassifier = new IngestService({
      source,
      store: new InMemoryArticleStore(),
      classifier,
      prefix: 'incoming/',
      maxObjectBytes: 1_000_000,
    });
    source.put('b', 'incoming/a.txt', 'The title\n\nThe lead paragraph.\n\nThe body paragraph.');
    await withClassifier.ingest({ bucket: 'b', key: 'incoming/a.txt' });
    expect(classifier.inputs[0]).toMatchObject({
      title: 'The title',
      text: 'The lead paragraph.\n\nThe body paragraph.',
      lang: 'en',
    });
  });
});
