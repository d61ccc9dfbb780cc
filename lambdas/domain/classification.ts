/**
 * The classifier contract. Implementations are pure: the model is data handed
 * to the constructor, loaded once at init, and `classify` does no I/O.
 */
import type { LanguageCode } from './article';

export type StanceLabel = 'favor' | 'against' | 'neutral' | 'none';
export const STANCE_LABELS: readonly StanceLabel[] = ['favor', 'against', 'neutral', 'none'];

export type AlignmentLabel = 'pro_kremlin' | 'pro_western' | 'balanced' | 'not_applicable';
export const ALIGNMENT_LABELS: readonly AlignmentLabel[] = [
  'pro_kremlin',
  'pro_western',
  'balanced',
  'not_applicable',
];

/** What the classifier reads. Offsets in evidence refer to `title` or `text`. */
export interface ClassifierInput {
  readonly title?: string;
  readonly text: string;
  /** When known; otherwise the classifier detects it. */
  readonly lang?: LanguageCode;
}

export interface TopicScore {
  /** Taxonomy slug, e.g. `politics` (IPTC Media Topics top level by default). */
  readonly slug: string;
  /** Confidence in [0, 1]. */
  readonly score: number;
}

/** One phrase that moved a stance decision, with where it sits in the input. */
export interface Evidence {
  /** The exact substring of the field, `field.slice(start, end)`. */
  readonly phrase: string;
  readonly field: 'title' | 'text';
  readonly start: number;
  readonly end: number;
  /** Index of the sentence within the field (0-based). */
  readonly sentence: number;
  /** Signed contribution: > 0 pushes towards favor, < 0 towards against. */
  readonly weight: number;
  /** Why it counted, e.g. `loaded-term`, `framing`, `adopted-claim`, `reported-speech`. */
  readonly cue: string;
}

export interface TargetStance {
  readonly label: StanceLabel;
  /** Confidence in the label, in [0, 1]. */
  readonly score: number;
  readonly evidence: readonly Evidence[];
}

export interface Alignment {
  readonly label: AlignmentLabel;
  readonly score: number;
}

export interface ClassifierInfo {
  readonly name: string;
  /** Changes whenever the model data or the target configuration changes. */
  readonly version: string;
}

export interface Classification {
  readonly language: LanguageCode;
  /** Primary topic first. Empty when no topic is confident. */
  readonly topics: readonly TopicScore[];
  /** One entry per configured target, keyed by target id (`russia`, `ukraine`, `west`, …). */
  readonly stance: Readonly<Record<string, TargetStance>>;
  readonly alignment: Alignment;
  readonly classifier: ClassifierInfo;
}

export interface Classifier {
  readonly info: ClassifierInfo;
  classify(input: ClassifierInput): Classification;
}
