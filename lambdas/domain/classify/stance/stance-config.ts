/**
 * The stance model's configuration: the targets file (`models/targets.json`)
 * and the shared cue lexicons (`models/stance/cues.json`). Both are plain data;
 * this module only checks their shape so that a typo in a user's target file
 * fails at init with a message that names the field, not later with `undefined`.
 */
import type { AlignmentLabel } from '../../classification';

/** Pattern -> signed weight. See the `about` field of `models/targets.json` for the pattern syntax. */
export type WeightedTerms = Readonly<Record<string, number>>;

export interface TargetLexicon {
  /** Loaded or delegitimising terms (cue `loaded-term`). */
  readonly loaded?: WeightedTerms;
  /** Narrative word choice (cue `framing`). */
  readonly framing?: WeightedTerms;
  /** The target's own narrative stated as fact (cue `adopted-claim`). */
  readonly claims?: WeightedTerms;
}

export interface TargetConfig {
  readonly id: string;
  readonly description?: string;
  /** Which overall alignment the target's favor / against supports. Omit to keep the target out of alignment. */
  readonly alignment?: { readonly favor?: AlignmentLabel; readonly against?: AlignmentLabel };
  /**
   * Targets of which at least one must be discussed for this one to be in scope (unless its own cues are
   * strong). The west has `["russia", "ukraine"]`: it is a target as an actor on that axis.
   */
  readonly context?: readonly string[];
  /** Per language: mention pattern -> salience weight (1 = the target itself, 0.5 = an adjective form …). */
  readonly mentions: Readonly<Record<string, WeightedTerms>>;
  /** Per language framing lexicon. */
  readonly lexicon?: Readonly<Record<string, TargetLexicon>>;
}

export interface TargetsFile {
  readonly about?: string;
  readonly targets: readonly TargetConfig[];
}

export interface LanguageCues {
  readonly reportedSpeech: readonly string[];
  readonly reportedMarkers: readonly string[];
  /** Speech verbs that distance the outlet from the speaker (`claimed`, `behauptete`, `утверждает`). */
  readonly distancing: readonly string[];
  /** Hedges that distance the outlet from the words that follow (`so-called`, `angeblich`, `якобы`). */
  readonly hedges: readonly string[];
  readonly negation: readonly string[];
  /**
   * Words after which a mention is on the receiving end (`against`, `gegen`, `против`): negative cues are
   * about the actor, not about it. Optional.
   */
  readonly patientMarkers?: readonly string[];
  /** Phrases that open a claim the outlet refutes (`it is not true that`): its cues flip. Optional. */
  readonly refutations?: readonly string[];
  /** Endings that make a mention after a patient marker a possessor (`'s`, German genitive `s`). Optional. */
  readonly possessiveEndings?: readonly string[];
  readonly evaluative: WeightedTerms;
  readonly blame: WeightedTerms;
}

export interface StanceScoring {
  readonly titleFactor: number;
  /** The n-th occurrence of the same phrase for the same target counts `n ** -repeatDecay`. */
  readonly repeatDecay: number;
  readonly reportedFactor: number;
  readonly quotedFactor: number;
  readonly scareQuoteMaxWords: number;
  readonly negationWindow: number;
  readonly negationFactor: number;
  readonly hedgeWindow: number;
  readonly hedgeFactor: number;
  readonly linkWindow: number;
  readonly farLinkFactor: number;
  readonly nearLinkDistance: number;
  readonly previousSentenceFactor: number;
  readonly speakerWindow: number;
  readonly sourcingWeight: number;
  readonly distancingWeight: number;
  readonly salientMentions: number;
  readonly salientMentionsPer100Words: number;
  readonly shortTextWords: number;
  readonly labelThreshold: number;
  readonly labelThresholdPer100Words: number;
  readonly labelMinContrast: number;
  readonly alignmentThreshold: number;
  readonly alignmentThresholdPer100Words: number;
  readonly alignmentMinContrast: number;
  /** When 1, the prior reads each target mention followed by its target's token (`mention-tokens.ts`). */
  readonly priorMentionTokens?: number;
  /**
   * When set: an article aligned with one side whose targets' favor/against labels (at least this many)
   * all support the other side takes that side (`alignmentFromTargets` in coherence.ts). Absent: off.
   */
  readonly alignmentFromTargets?: number;
  /** Coherence also reads a `none` target named at least this often (weighted mentions) in the article's direction. */
  readonly coherenceMinMentions?: number;
  /** Aligned targets that must be discussed for a neutral article to be `balanced` rather than `not_applicable`. */
  readonly axisMinTargets: number;
  readonly evidenceLimit: number;
  /** Primary topics for which an article without a clear stance is `not_applicable` rather than `balanced`. */
  readonly nonGeopoliticalTopics: readonly string[];
  /**
   * How much the trained prior's SVM margin for a label counts against the lexicon's vote for it (0 or
   * absent: the prior is ignored). A lexicon label counts `lexiconVote` times its strength: the net weight
   * over the label threshold, capped at `lexiconVoteCap`; `neutral`, `balanced`, `none` and
   * `not_applicable` count strength 1.
   */
  readonly priorWeight?: number;
  readonly lexiconVote?: number;
  readonly lexiconVoteCap?: number;
  /** A `not_applicable` from the lexicon has strength `words / absenceWords`: no axis in a long text says more. */
  readonly absenceWords?: number;
  /** Length (words) of the longest texts the prior was trained on; beyond it the prior's weight shrinks. */
  readonly priorWords?: number;
  /**
   * The prior reads the title and the first `priorMaxChars` characters of the text: the whole of an
   * ordinary article (stance is set throughout, not only in the lead), and a bound on the cost of a very
   * long one.
   */
  readonly priorMaxChars?: number;
  /**
   * Coherence (step 7): in an article aligned with a score of at least this, a discussed target left
   * `neutral` takes the label that supports the alignment. Absent: off.
   */
  readonly coherenceMinScore?: number;
}

export interface CuesFile {
  readonly about?: string;
  /** Tokens that end with a full stop without ending a sentence (`dr`, `z.b`, `г`). */
  readonly abbreviations: readonly string[];
  readonly languages: Readonly<Record<string, LanguageCues>>;
  readonly scoring: StanceScoring;
}

export interface StanceModelConfig {
  readonly targets: TargetsFile;
  readonly cues: CuesFile;
  /**
   * Optional trained prior (`models/stance/prior.json`, built by `scripts/build-stance-model.ts`): a linear
   * model with labels `alignment=<label>` and `<target>=<label>`. Targets it does not know use the lexicon only.
   */
  readonly prior?: unknown;
}

export class StanceConfigError extends Error {
  constructor(message: string) {
    super(`Invalid stance model configuration: ${message}`);
    this.name = 'StanceConfigError';
  }
}

const ALIGNMENT_SIDES: readonly string[] = ['pro_kremlin', 'pro_western'];
const TARGET_ID = /^[a-z][a-z0-9_-]*$/;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function checkTerms(where: string, terms: unknown): void {
  if (!isRecord(terms)) throw new StanceConfigError(`${where} must be an object of pattern -> weight`);
  for (const [pattern, weight] of Object.entries(terms)) {
    if (typeof weight !== 'number' || !Number.isFinite(weight)) {
      throw new StanceConfigError(`${where}["${pattern}"] must be a number, got ${JSON.stringify(weight)}`);
    }
    if (pattern.trim() === '') throw new StanceConfigError(`${where} has an empty pattern`);
  }
}

function checkList(where: string, list: unknown): void {
  if (!Array.isArray(list) || list.some((x) => typeof x !== 'string')) {
    throw new StanceConfigError(`${where} must be a list of strings`);
  }
}

function checkTarget(target: unknown, index: number, seen: Set<string>): void {
  const where = `targets[${index}]`;
  if (!isRecord(target)) throw new StanceConfigError(`${where} must be an object`);
  const id = target.id;
  if (typeof id !== 'string' || !TARGET_ID.test(id)) {
    throw new StanceConfigError(`${where}.id must be a lower-case identifier such as "nato"`);
  }
  if (seen.has(id)) throw new StanceConfigError(`target "${id}" is defined twice`);
  seen.add(id);
  if (target.alignment !== undefined) {
    if (!isRecord(target.alignment))
      throw new StanceConfigError(`target "${id}".alignment must be an object`);
    for (const side of ['favor', 'against']) {
      const value = target.alignment[side];
      if (value !== undefined && !ALIGNMENT_SIDES.includes(value as string)) {
        throw new StanceConfigError(
          `target "${id}".alignment.${side} must be one of ${ALIGNMENT_SIDES.join(', ')}`,
        );
      }
    }
  }
  if (target.context !== undefined) checkList(`target "${id}".context`, target.context);
  if (!isRecord(target.mentions) || Object.keys(target.mentions).length === 0) {
    throw new StanceConfigError(
      `target "${id}".mentions must name the target's forms for at least one language`,
    );
  }
  for (const [lang, terms] of Object.entries(target.mentions))
    checkTerms(`target "${id}".mentions.${lang}`, terms);
  if (target.lexicon !== undefined) {
    if (!isRecord(target.lexicon)) throw new StanceConfigError(`target "${id}".lexicon must be an object`);
    for (const [lang, lexicon] of Object.entries(target.lexicon)) {
      if (!isRecord(lexicon)) throw new StanceConfigError(`target "${id}".lexicon.${lang} must be an object`);
      for (const kind of ['loaded', 'framing', 'claims']) {
        if (lexicon[kind] !== undefined) checkTerms(`target "${id}".lexicon.${lang}.${kind}`, lexicon[kind]);
      }
    }
  }
}

/** Checks the shape of both files; throws {@link StanceConfigError} naming the first bad field. */
export function validateStanceConfig(config: StanceModelConfig): StanceModelConfig {
  const { targets, cues } = config as { targets: unknown; cues: unknown };
  if (!isRecord(targets) || !Array.isArray(targets.targets) || targets.targets.length === 0) {
    throw new StanceConfigError('the targets file must have a non-empty "targets" list');
  }
  const seen = new Set<string>();
  targets.targets.forEach((t, i) => {
    checkTarget(t, i, seen);
  });
  if (!isRecord(cues) || !isRecord(cues.languages) || !isRecord(cues.scoring)) {
    throw new StanceConfigError('the cues file must have "languages" and "scoring"');
  }
  checkList('cues.abbreviations', cues.abbreviations);
  for (const [lang, c] of Object.entries(cues.languages)) {
    if (!isRecord(c)) throw new StanceConfigError(`cues.languages.${lang} must be an object`);
    for (const list of ['reportedSpeech', 'reportedMarkers', 'distancing', 'hedges', 'negation']) {
      checkList(`cues.languages.${lang}.${list}`, c[list]);
    }
    for (const list of ['patientMarkers', 'refutations', 'possessiveEndings']) {
      if (c[list] !== undefined) checkList(`cues.languages.${lang}.${list}`, c[list]);
    }
    checkTerms(`cues.languages.${lang}.evaluative`, c.evaluative);
    checkTerms(`cues.languages.${lang}.blame`, c.blame);
  }
  for (const [key, value] of Object.entries(cues.scoring)) {
    if (key === 'nonGeopoliticalTopics') checkList('cues.scoring.nonGeopoliticalTopics', value);
    else if (typeof value !== 'number') throw new StanceConfigError(`cues.scoring.${key} must be a number`);
  }
  return config;
}
