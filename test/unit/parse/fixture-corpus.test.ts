/**
 * Every file in the fixture corpus (test/fixtures/inputs) ends as its manifest
 * says: ingested with the expected title, date, language and text, or rejected
 * with the expected code and a reason that names the problem.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ParseResult } from '../../../lambdas/domain/article';
import { parseObject } from '../../../lambdas/domain/parse';

const DIR = path.resolve(__dirname, '../../fixtures/inputs');

interface Outcome {
  readonly status: 'INGESTED' | 'REJECTED';
  readonly format?: string;
  readonly title?: string;
  readonly date?: string | null;
  readonly datePrecision?: string | null;
  readonly language?: string;
  readonly bodyPrefix?: string;
  readonly source?: string;
  readonly url?: string;
  readonly code?: string;
  readonly reason?: string;
  readonly line?: number;
  readonly lines?: readonly Outcome[];
}

const manifest = JSON.parse(readFileSync(path.join(DIR, 'expected.json'), 'utf8')) as {
  files: Record<string, Outcome>;
};
const names = Object.keys(manifest.files).sort();

/** The observed outcome in the manifest's shape, for one readable diff per file. */
function observed(result: ParseResult, expected: Outcome): Outcome {
  if (!result.ok) {
    const { code, reason } = result.rejection;
    return {
      status: 'REJECTED',
      code,
      reason: expected.reason !== undefined && reason.includes(expected.reason) ? expected.reason : reason,
    };
  }
  const a = result.article;
  return {
    status: 'INGESTED',
    format: a.format,
    title: a.title,
    date: a.date ?? null,
    datePrecision: a.datePrecision ?? null,
    language: a.language,
    bodyPrefix: a.body.slice(0, expected.bodyPrefix?.length ?? 40),
    ...(expected.source !== undefined ? { source: a.source } : {}),
    ...(expected.url !== undefined ? { url: a.url } : {}),
  };
}

const strip = ({ line: _l, lines: _ls, ...rest }: Outcome & { note?: string }): Outcome => {
  const { note: _n, ...outcome } = rest;
  return outcome;
};

describe('fixture corpus (test/fixtures/inputs)', () => {
  it('has at least 40 files, each with an expected outcome', () => {
    const files = readdirSync(DIR).filter(
      (f) => f !== 'expected.json' && f !== 'generate.ts' && f !== 'README.md',
    );
    expect(files.length).toBeGreaterThanOrEqual(40);
    expect(files.sort()).toEqual(names);
  });

  it.each(names)('%s', (name) => {
    const expected = manifest.files[name] as Outcome;
    const result = parseObject(readFileSync(path.join(DIR, name)), { key: `incoming/${name}` });
    if (expected.lines !== undefined) {
      if (!result.ok) throw new Error(`${name} rejected as a whole: ${result.rejection.reason}`);
      expect(result.format).toBe('jsonl');
      expect(result.entries.map((e) => e.line)).toEqual(expected.lines.map((l) => l.line));
      result.entries.forEach((entry, i) => {
        const want = expected.lines?.[i] as Outcome;
        expect({ line: entry.line, ...observed(entry.result, want) }).toEqual({
          line: want.line,
          ...strip(want),
        });
      });
      return;
    }
    if (!result.ok) {
      expect(observed(result, expected)).toEqual(strip(expected));
      return;
    }
    expect(result.entries).toHaveLength(1);
    const [entry] = result.entries;
    expect(entry?.line).toBeUndefined();
    expect(observed(entry?.result as ParseResult, expected)).toEqual(strip(expected));
    if (entry?.result.ok) expect(result.format).toBe(entry.result.article.format);
  });
});
