/**
 * The trained half of the stance model: a linear text classifier (TF-IDF +
 * one-vs-rest linear SVMs, the topic package's `linear-model`) trained on our
 * own hand-written corpus (`training/stance/corpus-*.jsonl`). It learns how
 * narratives are told in ordinary words, which a lexicon of loaded terms
 * cannot list: "NATO kept moving towards Russia's borders", "the sanctions hurt
 * Europe more than Russia", "the footage was verified by independent sources".
 *
 * One model holds one binary classifier per `group=label` pair: the article's
 * alignment (`alignment=pro_kremlin`, …) and each default target's stance
 * (`russia=favor`, …). At run time it returns the raw SVM margins, which the
 * lexicon model adds to its own evidence as a prior (see `stance-model.ts`).
 * The prior never produces evidence: evidence stays the matched phrases.
 *
 * Pure: no I/O. `scripts/build-stance-model.ts` trains and writes the model.
 */
import type { LinearModelOptions, PackedLinearTopicModelData, TrainingExample } from '../topics/linear-model';
import { linearScorer, packLinearTopicModel, trainLinearTopicModel } from '../topics/linear-model';

export const ALIGNMENT_GROUP = 'alignment';

/** One line of `training/stance/corpus-*.jsonl`. */
export interface StanceTrainingExample {
  readonly id: string;
  readonly lang: string;
  readonly text: string;
  readonly title?: string;
  readonly alignment: string;
  readonly stance: Readonly<Record<string, string>>;
}

/**
 * Options of the prior's linear model: word 1–2-grams and 4-character prefixes and suffixes of longer
 * words, in a small hash space, every label's margin reported. The prior reads whole articles
 * (`priorMaxChars`), and affixes cost two features per long word where character 4-grams cost one per
 * character: on our own articles they also score better at that length (`npm run cv:stance -- --by-batch`
 * 0.857 stance / 0.916 alignment with character 4-grams over 2,400 characters, 0.875 / 0.929 with affixes
 * over the whole text; the short texts score about 0.01 lower with affixes). A feature must occur in 8
 * texts (`minDf`): rarer n-grams only memorise one author's wording, and they grow the model and its load time.
 */
export const STANCE_PRIOR_OPTIONS: Partial<LinearModelOptions> = {
  wordNgrams: 2,
  charNgrams: [0, 0],
  affixes: [4],
  minDf: 8,
  c: 1,
  hashBits: 18,
  titleWeight: 2,
  secondaryMargin: -1e9,
  maxLabels: 64,
};

export const priorLabel = (group: string, label: string): string => `${group}=${label}`;

export function toTrainingExamples(examples: readonly StanceTrainingExample[]): TrainingExample[] {
  return examples.map((e) => ({
    id: e.id,
    title: e.title,
    text: e.text,
    labels: [
      priorLabel(ALIGNMENT_GROUP, e.alignment),
      ...Object.entries(e.stance).map(([target, label]) => priorLabel(target, label)),
    ],
  }));
}

/**
 * Trained prior data as `models/stance/prior.json` holds it: the linear model, packed (it is bundled and
 * parsed at init), plus a hash of its content, which feeds the stance model's version.
 */
export type StancePriorData = PackedLinearTopicModelData & { readonly contentHash: string };

const round3 = (x: number): number => Math.round(x * 1e3) / 1e3;

/**
 * Trains the prior; deterministic for the same examples in the same order. Weights are kept to three
 * decimals, which packs them all as int16 (|w| < 32.767; at four decimals the few labels with a weight
 * above 3.2767 needed int32, and one int32 weight makes the whole feature-major array int32: twice the
 * bytes). `hash` fingerprints the model's plain JSON, so that the version follows what the model
 * predicts, not how the file encodes it.
 */
export function trainStancePrior(
  examples: readonly StanceTrainingExample[],
  hash: (text: string) => string,
  options: Partial<LinearModelOptions> = {},
): StancePriorData {
  const data = trainLinearTopicModel(toTrainingExamples(examples), { ...STANCE_PRIOR_OPTIONS, ...options });
  const rounded = { ...data, weights: data.weights.map((row) => row.map(round3)) };
  return { ...packLinearTopicModel(rounded), contentHash: hash(JSON.stringify(rounded)) };
}

/** The prior's content hash, from the field the build wrote, else by hashing the whole data. */
export function priorContentHash(data: unknown, hash: (text: string) => string): string {
  const stored = (data as { contentHash?: unknown } | null)?.contentHash;
  return typeof stored === 'string' ? stored : hash(JSON.stringify(data));
}

/** Per group (`alignment`, `russia`, …), per label: the SVM margin (> 0: the classifier says yes). */
export type PriorMargins = ReadonlyMap<string, ReadonlyMap<string, number>>;

export interface StancePrior {
  margins(input: { readonly title?: string; readonly text: string }): PriorMargins;
}

/**
 * Builds the run-time prior from trained model data; throws `InvalidTopicModelError` on a malformed file.
 * It reads the linear model's raw margins (each label `group=label` split once, here).
 */
export function createStancePrior(data: unknown): StancePrior {
  const scorer = linearScorer(data);
  const slots = scorer.labels.map((slug) => {
    const eq = slug.indexOf('=');
    return { group: slug.slice(0, eq), label: slug.slice(eq + 1) };
  });
  return {
    margins(input) {
      const margins = scorer.margins(input.title, input.text);
      const out = new Map<string, Map<string, number>>();
      slots.forEach(({ group, label }, l) => {
        let labels = out.get(group);
        if (labels === undefined) {
          labels = new Map();
          out.set(group, labels);
        }
        labels.set(label, margins[l] as number);
      });
      return out;
    },
  };
}
