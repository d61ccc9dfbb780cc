/**
 * Topic classification: the default IPTC model that ships with the code, and
 * trainable linear models for a user's own taxonomy.
 */
import defaultModelData from '../../../../models/topics/iptc-topics.json';
import type { TopicModel } from '../embedded-classifier';
import type { LexiconTopicModelData } from './lexicon-model';
import { topicModelFromJson } from './model-json';

export type { LexiconTopicModelData } from './lexicon-model';
export { LEXICON_MODEL_FORMAT, lexiconTopicModel } from './lexicon-model';
export type {
  LinearModelOptions,
  LinearTopicModelData,
  PackedLinearTopicModelData,
  TrainingExample,
} from './linear-model';
export {
  DEFAULT_LINEAR_OPTIONS,
  InvalidTopicModelError,
  LINEAR_MODEL_FORMAT,
  PLAIN_LINEAR_MODEL_FORMAT,
  packLinearTopicModel,
  ROW_PACKED_LINEAR_MODEL_FORMAT,
  TrainingDataError,
  trainLinearTopicModel,
} from './linear-model';
export { contentVersion, topicModelFromJson } from './model-json';

/** The IPTC Media Topics top-level slugs the default model predicts. */
export const IPTC_TOPICS: readonly string[] = (defaultModelData as unknown as LexiconTopicModelData).topics;

let defaultModel: TopicModel | undefined;

/** The bundled IPTC topic model (de, en, ru), compiled once per process. */
export function loadDefaultTopicModel(): TopicModel {
  defaultModel ??= topicModelFromJson(defaultModelData);
  return defaultModel;
}
export { loadTopicModelFromFile } from './model-file';
