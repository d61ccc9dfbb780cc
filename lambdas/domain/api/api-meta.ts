/**
 * What the filter dropdowns offer: the stance targets and topics of the
 * bundled models, the alignment and stance labels, and the languages the
 * models read. Built once from the model data files.
 */
import targetsFile from '../../../models/targets.json';
import topicModel from '../../../models/topics/iptc-topics.json';
import { ALIGNMENT_LABELS } from '../classification';

export interface ApiMeta {
  readonly targets: readonly string[];
  readonly topics: readonly string[];
  readonly alignments: readonly string[];
  /** Stance labels that are counted and indexed (`none`, no stance, is not). */
  readonly stances: readonly string[];
  readonly languages: readonly string[];
}

interface MetaSources {
  readonly targets: readonly { readonly id: string }[];
  readonly topics: readonly string[];
  readonly languages: readonly string[];
}

export function buildApiMeta(sources: MetaSources): ApiMeta {
  return {
    targets: sources.targets.map((t) => t.id),
    topics: [...sources.topics],
    alignments: [...ALIGNMENT_LABELS],
    stances: ['favor', 'against', 'neutral'],
    languages: [...sources.languages],
  };
}

/** The meta of the default models shipped with the code. */
export const DEFAULT_API_META: ApiMeta = buildApiMeta({
  targets: targetsFile.targets,
  topics: topicModel.topics,
  languages: Object.keys(topicModel.languages),
});
