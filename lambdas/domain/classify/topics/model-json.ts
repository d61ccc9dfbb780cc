/**
 * Turns model data of any supported format into a `TopicModel`, with a
 * version derived from the data itself. Pure apart from hashing.
 */
import { createHash } from 'node:crypto';
import type { TopicModel } from '../embedded-classifier';
import { LEXICON_MODEL_FORMAT, type LexiconTopicModelData, lexiconTopicModel } from './lexicon-model';
import {
  InvalidTopicModelError,
  isLinearModelFormat,
  LINEAR_MODEL_FORMAT,
  linearTopicModel,
  PLAIN_LINEAR_MODEL_FORMAT,
  ROW_PACKED_LINEAR_MODEL_FORMAT,
} from './linear-model';

/** Short content hash: changes whenever the model data changes. */
export const contentVersion = (text: string): string =>
  createHash('sha256').update(text).digest('hex').slice(0, 12);

/**
 * A topic model from parsed model JSON: a trained linear model
 * (`npm run train`; packed, or rows packed or plain as older files are) or a lexicon model
 * (`npm run build:model`).
 * `sourceText` is the file's text when known (it is hashed for the version).
 */
export function topicModelFromJson(data: unknown, sourceText?: string): TopicModel {
  const format = (data as { format?: unknown } | null)?.format;
  const version = contentVersion(sourceText ?? JSON.stringify(data));
  if (isLinearModelFormat(format)) return linearTopicModel(data, version);
  if (format === LEXICON_MODEL_FORMAT) return lexiconTopicModel(data as LexiconTopicModelData, version);
  throw new InvalidTopicModelError(
    `unknown topic model format ${JSON.stringify(format)} (expected "${LINEAR_MODEL_FORMAT}", "${ROW_PACKED_LINEAR_MODEL_FORMAT}", "${PLAIN_LINEAR_MODEL_FORMAT}" or "${LEXICON_MODEL_FORMAT}")`,
  );
}
