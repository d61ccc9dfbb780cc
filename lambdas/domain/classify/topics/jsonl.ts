/**
 * JSON Lines input and output for the classify and train commands
 * (formats in `../shared/eval/README.md`). Pure: callers do the I/O.
 */
import type { LanguageCode } from '../../article';
import type { Classification, ClassifierInput } from '../../classification';
import type { TrainingExample } from './linear-model';

/** A malformed input line; `line` is 1-based. */
export class InputLineError extends Error {
  override readonly name = 'InputLineError';
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
  }
}

export interface ArticleRecord {
  /** As given in the input (string or number). */
  readonly id: string | number;
  readonly input: ClassifierInput;
}

/** Non-blank lines parsed as JSON objects, with their 1-based line numbers. */
function* objects(text: string): Generator<{ line: number; value: Record<string, unknown> }> {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = (lines[i] as string).trim();
    if (raw === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      throw new InputLineError(i + 1, `not valid JSON (${(err as Error).message})`);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new InputLineError(i + 1, 'expected a JSON object');
    }
    yield { line: i + 1, value: value as Record<string, unknown> };
  }
}

function readId(line: number, v: Record<string, unknown>): string | number {
  const id = v.id;
  if ((typeof id === 'string' && id !== '') || typeof id === 'number') return id;
  throw new InputLineError(line, 'missing "id" (a non-empty string or a number)');
}

function optionalString(line: number, v: Record<string, unknown>, key: string): string | undefined {
  const x = v[key];
  if (x === undefined || x === null) return undefined;
  if (typeof x !== 'string') throw new InputLineError(line, `"${key}" must be a string`);
  return x;
}

function requiredText(line: number, v: Record<string, unknown>): string {
  if (typeof v.text !== 'string') throw new InputLineError(line, 'missing "text" (a string)');
  return v.text;
}

/** Articles to classify: `{"id", "lang"?, "title"?, "text"}` per line. Throws `InputLineError`. */
export function parseArticleLines(text: string): ArticleRecord[] {
  const out: ArticleRecord[] = [];
  for (const { line, value } of objects(text)) {
    const id = readId(line, value);
    const body = requiredText(line, value);
    const title = optionalString(line, value, 'title');
    const lang = optionalString(line, value, 'lang');
    out.push({
      id,
      input: { text: body, ...(title ? { title } : {}), ...(lang ? { lang: lang as LanguageCode } : {}) },
    });
  }
  return out;
}

/**
 * Training examples: `{"id", "lang"?, "title"?, "text", "label"}` per line, where
 * `label` is a string or a non-empty array of strings (primary first).
 */
export function parseTrainingLines(text: string): TrainingExample[] {
  const out: TrainingExample[] = [];
  for (const { line, value } of objects(text)) {
    const id = readId(line, value);
    const body = requiredText(line, value);
    const title = optionalString(line, value, 'title');
    const label = value.label ?? value.labels;
    const labels = typeof label === 'string' ? [label] : label;
    if (
      !Array.isArray(labels) ||
      labels.length === 0 ||
      !labels.every((l): l is string => typeof l === 'string' && l !== '')
    ) {
      throw new InputLineError(line, 'missing "label" (a non-empty string or array of strings)');
    }
    out.push({ id: String(id), text: body, ...(title ? { title } : {}), labels });
  }
  return out;
}

/** One output line of `classify`: the eval contract plus scores, evidence and provenance. */
export function predictionRecord(id: string | number, c: Classification): Record<string, unknown> {
  return {
    id,
    lang: c.language,
    topics: c.topics.map((t) => t.slug),
    topic_scores: c.topics,
    stance: c.stance,
    alignment: c.alignment,
    classifier: c.classifier,
  };
}
