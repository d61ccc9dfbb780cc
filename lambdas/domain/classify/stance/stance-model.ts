/**
 * The lexicon stance model: stance toward each configured target, with the
 * evidence that drove it, and the article's alignment.
 *
 * Algorithm (per article; all lexicons are compiled once, at init):
 *
 * 1. Segment title and text into words with offsets, sentences, and quotations
 *    (`TextSegmenter`). Match every pattern of the article's language in one
 *    pass (`LexiconMatcher`): target mentions, each target's framing lexicon
 *    (loaded terms, framing, adopted claims), and the shared cues (reported
 *    speech, distancing verbs, hedges, negation, generic evaluative words,
 *    blame verbs). Overlaps resolve to the longest pattern: `Kiewer Regime`
 *    counts once, as a loaded term, not again as the generic `Regime`.
 * 2. Voice. A cue in the outlet's own voice counts fully. In a sentence that
 *    reports speech (`said`, `erklärte`, `заявил`, German Konjunktiv I) it
 *    counts `reportedFactor`; inside a quotation of more than a few words,
 *    `quotedFactor`. A short quotation around a term is a scare quote: the
 *    outlet distances itself from the term, so its weight flips and shrinks
 *    (`hedgeFactor`), as after a hedge (`so-called`, `angeblich`, `якобы`).
 *    A close negation flips and halves a cue, and so does a refutation
 *    (`It is not true that …`, `Es stimmt nicht, dass …`) for the claim that
 *    follows it in its sentence. The title counts `titleFactor`.
 *    The n-th repeat of the same phrase for the same target counts
 *    `n ** -repeatDecay`: repetition is evidence, but not linearly.
 * 3. Attribution. Target lexicon terms belong to their target. A generic
 *    evaluative word goes to the nearest target mention in its sentence (full
 *    weight when close, `farLinkFactor` further away; in a short text the
 *    whole sentence is close enough). With no mention in reach it goes to the
 *    target mentioned last before it, in that sentence or the one before
 *    (anaphora: `it`, `sie`, `он`), at `previousSentenceFactor`. A blame verb (`shelled`, `beschoss`) goes to the acting
 *    target: the nearest mention before it, else the one right after it.
 *    A speech verb gives its speaker a little weight (`sourcing`: the outlet
 *    lets that side speak); a distancing verb (`claimed`, `behauptete`,
 *    `утверждает`) counts against its speaker. Negative words in a sentence
 *    whose speaker is a target go to another target, never to the speaker
 *    (`Moskau warf Kiew Terror vor`: the terror is Kiev's). Nor are they
 *    given to a mention on the receiving end, right after a patient marker
 *    (`against`, `gegen`, `против`; `patientMarkers` in the cues file): in
 *    `aggression against Russia by Kyiv's forces` the aggression is Kyiv's.
 * 4. Label. A target is `none` unless it is discussed: enough mentions for the
 *    article's length, a mention in the title, any mention in a short text, or
 *    loaded terms strong enough on their own. A target may name a `context`
 *    (the west: russia, ukraine): it is then in scope only when one of those
 *    is discussed too, or its own cues are strong, so that US domestic news
 *    is not read as the West acting in the war. A discussed target is
 *    favor/against when the net weight passes a threshold that grows slowly
 *    with length and the cues mostly agree (`labelMinContrast`); otherwise
 *    `neutral`.
 * 5. Alignment. Each target declares which alignment its favor and its
 *    against support (configuration, so a custom target can take part). The
 *    net weights of discussed targets are summed per side; the larger side
 *    wins when it passes a length-scaled threshold and dominates, otherwise
 *    `balanced`. No discussed target gives `not_applicable`; so does an
 *    article without any favor/against whose primary topic is not
 *    geopolitical, or that discusses fewer than `axisMinTargets` of the
 *    aligned targets (Russian domestic news told neutrally is not about the
 *    Russia/Ukraine/West axis).
 * 6. Prior. Lexicons only see loaded words; many narratives are told in
 *    ordinary ones ("NATO kept moving east", "the sanctions hurt Europe
 *    more than Russia", "the footage was verified"). An optional trained
 *    linear model (`stance-prior.ts`, built from our own corpus in
 *    `training/stance/`) reads the title and text and gives SVM margins per
 *    label. The lexicon's label votes `lexiconVote` times its strength (net
 *    weight over threshold, capped; `not_applicable` grows with length, as
 *    no axis in a long text says more than in one sentence); the prior's
 *    margins, centred on their mean, vote `priorWeight` times; the larger sum
 *    wins. For alignment the prior's weight shrinks beyond `priorWords`
 *    (it learnt from short texts); for a target it is asked only when the
 *    target is mentioned. Evidence is always the matched phrases above.
 * 7. Coherence (`coherence.ts`, when `coherenceMinScore` is set). An aligned
 *    article advances its side's narrative about the targets it discusses:
 *    a discussed target left `neutral` takes the label that supports the
 *    article's alignment (per the target's `alignment` map) when the
 *    alignment's score is at least `coherenceMinScore`; so does a target
 *    left `none` that is named at least `coherenceMinMentions` times.
 *    Before that, the other way (`alignmentFromTargets`): an article aligned
 *    with one side whose labelled targets all support the other side takes
 *    that side.
 */
import type { LanguageCode } from '../../article';
import type { Alignment, AlignmentLabel, Evidence, TargetStance, TopicScore } from '../../classification';
import type { StanceModel, StanceResult } from '../embedded-classifier';
import { ScratchArrays } from '../scratch';
import { alignmentFromTargets, coherentStance } from './coherence';
import { LexiconMatcher, type PhraseHit, type PhrasePattern } from './lexicon-matcher';
import { markMentions, mentionToken } from './mention-tokens';
import {
  type LanguageCues,
  type StanceModelConfig,
  type StanceScoring,
  type TargetConfig,
  type TargetLexicon,
  validateStanceConfig,
} from './stance-config';
import { ALIGNMENT_GROUP, createStancePrior, priorContentHash, type StancePrior } from './stance-prior';
import { type Segmented, TextSegmenter } from './text-segmenter';

/** Bump when the algorithm changes in a way that changes labels; part of the version hash. */
const ALGORITHM_REVISION = 5;

type CueKind =
  | 'mention'
  | 'target'
  | 'evaluative'
  | 'blame'
  | 'speech'
  | 'marker'
  | 'distancing'
  | 'hedge'
  | 'negation'
  | 'patient'
  | 'refutation';

interface CueEntry {
  readonly kind: CueKind;
  /** Target index, -1 for target-independent cues. */
  readonly target: number;
  readonly weight: number;
  readonly cue: string;
}

type Hit = PhraseHit<CueEntry>;

interface TargetTally {
  mentions: number;
  titleMention: boolean;
  net: number;
  pos: number;
  neg: number;
  evidence: Evidence[];
  /** How often each phrase (lower-cased) has counted so far: repeats count less and less. */
  seen: Map<string, number>;
}

type InputField = 'title' | 'text';

const LEXICON_CUES: readonly [keyof TargetLexicon, string][] = [
  ['loaded', 'loaded-term'],
  ['framing', 'framing'],
  ['claims', 'adopted-claim'],
];

/**
 * Punctuation between a speech verb and a mention before it that makes the verb inverted (`…, said X`):
 * , ; : " « » „ “ ”.
 */
const CLAUSE_BREAK = /[,;:"\u00ab\u00bb\u201e\u201c\u201d]/u;

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/**
 * The target mentioned most strongly at word `w` other than `exclude`, or -1 (`T` targets per word). A word
 * flagged in `skip` (a mention on the receiving end, see `patientMentions`) is passed over.
 */
function strongestMention(
  mentionWeight: Float64Array,
  w: number,
  T: number,
  exclude: number,
  skip?: Uint8Array,
): number {
  if (skip !== undefined && skip[w] === 1) return -1;
  let target = -1;
  let weight = 0;
  for (let t = 0; t < T; t++) {
    const m = mentionWeight[w * T + t] as number;
    if (m > weight && t !== exclude) {
      weight = m;
      target = t;
    }
  }
  return target;
}

/**
 * Mentions on the receiving end of an action: right after a patient marker (`against`, `gegen`, `против`),
 * unless the mention is a possessor (`against Russia's war`, `gegen Russlands Krieg`: the war is Russia's).
 * Negative cues are linked past them to the actor (`aggression against Russia by Kyiv's forces`).
 */
function patientMentions(
  seg: Segmented,
  marker: Uint8Array,
  mentionWeight: Float64Array,
  T: number,
  possessiveEndings: readonly string[],
): Uint8Array | undefined {
  let patient: Uint8Array | undefined;
  for (let w = 1; w < seg.count; w++) {
    if (marker[w - 1] !== 1 || seg.sentence[w] !== seg.sentence[w - 1]) continue;
    if (strongestMention(mentionWeight, w, T, -1) < 0) continue;
    const end = seg.end[w] as number;
    if (possessiveEndings.some((e) => seg.lower.endsWith(e, end) || seg.lower.startsWith(e, end))) continue;
    patient ??= new Uint8Array(seg.count);
    patient[w] = 1;
  }
  return patient;
}

/** 48-bit FNV-1a content hash as 12 hex digits. */
export function contentHash(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x0100019d) >>> 0;
  }
  return (h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0')).slice(0, 12);
}

function* languagePatterns(
  targets: readonly TargetConfig[],
  cues: LanguageCues | undefined,
  lang: string,
): Generator<PhrasePattern<CueEntry>> {
  for (const [t, target] of targets.entries()) {
    for (const [pattern, weight] of Object.entries(target.mentions[lang] ?? {})) {
      yield { pattern, value: { kind: 'mention', target: t, weight, cue: 'mention' } };
    }
    const lexicon = target.lexicon?.[lang];
    for (const [kind, cue] of LEXICON_CUES) {
      for (const [pattern, weight] of Object.entries(lexicon?.[kind] ?? {})) {
        yield { pattern, value: { kind: 'target', target: t, weight, cue } };
      }
    }
  }
  if (cues === undefined) return;
  const lists: readonly [readonly string[], CueKind][] = [
    [cues.reportedSpeech, 'speech'],
    [cues.reportedMarkers, 'marker'],
    [cues.distancing, 'distancing'],
    [cues.hedges, 'hedge'],
    [cues.negation, 'negation'],
    [cues.patientMarkers ?? [], 'patient'],
    [cues.refutations ?? [], 'refutation'],
  ];
  for (const [list, kind] of lists) {
    for (const pattern of list) yield { pattern, value: { kind, target: -1, weight: 0, cue: kind } };
  }
  for (const [pattern, weight] of Object.entries(cues.evaluative)) {
    yield { pattern, value: { kind: 'evaluative', target: -1, weight, cue: 'evaluative' } };
  }
  for (const [pattern, weight] of Object.entries(cues.blame)) {
    yield { pattern, value: { kind: 'blame', target: -1, weight, cue: 'blame' } };
  }
}

class LexiconStanceModel implements StanceModel {
  readonly version: string;
  readonly targets: readonly string[];
  private readonly targetConfigs: readonly TargetConfig[];
  /** Which alignment each target's favor / against supports, by target id (for coherence). */
  private readonly alignmentMaps: Readonly<Record<string, TargetConfig['alignment']>>;
  private readonly scoring: StanceScoring;
  /** Per target index, its mention token, when the prior reads mention tokens (`priorMentionTokens`). */
  private readonly mentionTokens: readonly string[] | undefined;
  private readonly mentionTokenOf = (v: CueEntry): string | undefined =>
    v.kind === 'mention' ? this.mentionTokens?.[v.target] : undefined;
  private readonly languageCues: Readonly<Record<string, LanguageCues>>;
  private readonly segmenter: TextSegmenter;
  private readonly matchers = new Map<string, LexiconMatcher<CueEntry>>();
  /** For languages without their own lexicon (und, uk, …): every language's patterns at once, built on first use. */
  private anyLanguage: LexiconMatcher<CueEntry> | undefined;
  private readonly buildAnyLanguage: () => LexiconMatcher<CueEntry>;
  private readonly nonGeopolitical: ReadonlySet<string>;
  /** Per target, the indexes of the targets that must be discussed for it to be in scope. */
  private readonly contexts: readonly number[][];
  private readonly prior: StancePrior | undefined;
  /** Per-field work arrays (`scoreField`), reused from one field to the next. */
  private readonly scratch = new ScratchArrays();

  constructor(config: StanceModelConfig) {
    this.targetConfigs = config.targets.targets;
    this.targets = this.targetConfigs.map((t) => t.id);
    this.alignmentMaps = Object.fromEntries(this.targetConfigs.map((t) => [t.id, t.alignment]));
    this.scoring = config.cues.scoring;
    this.languageCues = config.cues.languages;
    this.mentionTokens =
      (this.scoring.priorMentionTokens ?? 0) > 0 ? this.targets.map((id) => mentionToken(id)) : undefined;
    this.nonGeopolitical = new Set(this.scoring.nonGeopoliticalTopics);
    this.contexts = this.targetConfigs.map((t) =>
      (t.context ?? []).map((id) => this.targets.indexOf(id)).filter((i) => i >= 0),
    );
    this.segmenter = new TextSegmenter(config.cues.abbreviations);
    this.prior =
      config.prior === undefined || !((this.scoring.priorWeight ?? 0) > 0)
        ? undefined
        : createStancePrior(config.prior);
    const prior = config.prior === undefined ? '' : priorContentHash(config.prior, contentHash);
    this.version = contentHash(
      `${ALGORITHM_REVISION}\n${JSON.stringify(config.targets)}\n${JSON.stringify(config.cues)}\n${prior}`,
    );
    const languages = new Set<string>(Object.keys(config.cues.languages));
    for (const t of this.targetConfigs) for (const lang of Object.keys(t.mentions)) languages.add(lang);
    for (const lang of languages) {
      this.matchers.set(
        lang,
        new LexiconMatcher(languagePatterns(this.targetConfigs, config.cues.languages[lang], lang)),
      );
    }
    const targets = this.targetConfigs;
    this.buildAnyLanguage = () =>
      new LexiconMatcher(
        (function* (): Generator<PhrasePattern<CueEntry>> {
          for (const lang of languages) yield* languagePatterns(targets, config.cues.languages[lang], lang);
        })(),
      );
  }

  predict(input: {
    readonly title?: string;
    readonly text: string;
    readonly lang: LanguageCode;
    readonly topics: readonly TopicScore[];
  }): StanceResult {
    const matcher = this.matchers.get(input.lang) ?? this.anyLanguageMatcher();
    const tallies: TargetTally[] = this.targets.map(() => ({
      mentions: 0,
      titleMention: false,
      net: 0,
      pos: 0,
      neg: 0,
      evidence: [],
      seen: new Map(),
    }));
    const possessive = this.languageCues[input.lang]?.possessiveEndings ?? [];
    // What the prior reads (title and text up to `priorMaxChars`, with mention tokens when on) comes out of
    // the same scan.
    let words = 0;
    let priorTitle = input.title;
    if (input.title !== undefined && input.title !== '') {
      const title = this.scoreField('title', input.title, matcher, tallies, possessive);
      words += title.words;
      priorTitle = title.priorText ?? input.title;
    }
    const text = this.scoreField('text', input.text, matcher, tallies, possessive);
    words += text.words;

    const sc = this.scoring;
    const discussed = tallies.map((tally) => this.isDiscussed(tally, words));
    const inContext = this.contexts.map(
      (context, t) =>
        context.length === 0 ||
        context.some((c) => discussed[c]) ||
        this.isStrong(tallies[t] as TargetTally, words),
    );
    // A long text that names no target is off the axis: the prior's shrunken weight could not outvote the
    // lexicon there, and target stance asks it only about mentioned targets, so it is not computed.
    const offAxis =
      words > (sc.priorWords ?? Number.POSITIVE_INFINITY) && tallies.every((x) => x.mentions === 0);
    const margins = offAxis
      ? undefined
      : this.prior?.margins({ title: priorTitle, text: text.priorText ?? this.lead(input.text) });
    const stance: Record<string, TargetStance> = {};
    const labels = this.targets.map((id, t) => {
      const tally = tallies[t] as TargetTally;
      let result = this.decide(tally, words, (discussed[t] ?? false) && (inContext[t] ?? true));
      const prior = margins?.get(id);
      if (prior !== undefined && tally.mentions > 0 && (inContext[t] || this.contextMentioned(t, tallies))) {
        const limit = this.threshold(sc.labelThreshold, sc.labelThresholdPer100Words, words);
        const strength =
          result.label === 'favor' || result.label === 'against' ? Math.abs(tally.net) / limit : 1;
        const { label, score } = this.vote(result.label, strength, prior, 0);
        if (label !== result.label) {
          const sign = label === 'favor' ? 1 : label === 'against' ? -1 : 0;
          result = { label: label as TargetStance['label'], score, evidence: this.topEvidence(tally, sign) };
        } else result = { ...result, score };
      }
      stance[id] = result;
      return result.label;
    });
    const lexical = this.align(tallies, labels, words, input.topics);
    const prior = margins?.get(ALIGNMENT_GROUP);
    let alignment = lexical.alignment;
    if (prior !== undefined) {
      const { label, score } = this.vote(lexical.alignment.label, lexical.strength, prior, words);
      alignment = { label: label as AlignmentLabel, score };
    }
    if (sc.alignmentFromTargets !== undefined) {
      alignment = alignmentFromTargets(stance, alignment, this.alignmentMaps, sc.alignmentFromTargets);
    }
    const minScore = sc.coherenceMinScore;
    return {
      stance:
        minScore === undefined
          ? stance
          : coherentStance(stance, alignment, this.alignmentMaps, minScore, (id) => {
              const min = sc.coherenceMinMentions;
              const t = this.targets.indexOf(id);
              return min !== undefined && t >= 0 && (tallies[t]?.mentions ?? 0) >= min;
            }),
      alignment,
    };
  }

  /**
   * Whether a context target of `t` is mentioned at all. The prior may judge a target that is out of its
   * context by the lexicon's count (the West in an article that names Russia only once), but not one whose
   * context is absent (US domestic news that names neither Russia nor Ukraine).
   */
  private contextMentioned(t: number, tallies: readonly TargetTally[]): boolean {
    const context = this.contexts[t] ?? [];
    return context.length === 0 || context.some((c) => (tallies[c]?.mentions ?? 0) > 0);
  }

  /**
   * The lexicon's label, worth `lexiconVote` times its strength (capped), against the prior's margins,
   * centred on their mean (one-vs-rest margins are mostly negative; what matters is which label leads)
   * and weighted by `priorWeight`: the label with the highest sum wins. The score is the logistic of the
   * winner's lead over the runner-up.
   *
   * For alignment (`words` > 0) the prior also judges whether the text is on the Russia/Ukraine/West axis
   * at all, which it learnt from texts of a few sentences. On a text longer than `priorWords` it is out of
   * its depth there, while the lexicon's evidence keeps accumulating, so its weight shrinks with the square
   * root of the length. Target stance (`words` = 0) is asked of the prior only for a mentioned target.
   */
  private vote(
    lexicon: string,
    strength: number,
    margins: ReadonlyMap<string, number>,
    words: number,
  ): { label: string; score: number } {
    const sc = this.scoring;
    const lexiconVote = (sc.lexiconVote ?? 1) * Math.min(sc.lexiconVoteCap ?? 2, strength);
    const reach = sc.priorWords ?? Number.POSITIVE_INFINITY;
    const priorWeight = (sc.priorWeight ?? 0) * (words > reach ? Math.sqrt(reach / words) : 1);
    let mean = 0;
    for (const m of margins.values()) mean += m / margins.size;
    let best = lexicon;
    let bestScore = lexiconVote + priorWeight * ((margins.get(lexicon) ?? mean) - mean);
    let second = Number.NEGATIVE_INFINITY;
    for (const [label, margin] of margins) {
      if (label === lexicon) continue;
      const s = priorWeight * (margin - mean);
      if (s > bestScore) {
        second = bestScore;
        bestScore = s;
        best = label;
      } else if (s > second) second = s;
    }
    return { label: best, score: round3(1 / (1 + Math.exp(-(bestScore - second)))) };
  }

  /** The first `priorMaxChars` characters, cut at a space: what the prior reads of a very long text. */
  private lead(text: string): string {
    return text.slice(0, this.leadLength(text));
  }

  private leadLength(text: string): number {
    const max = this.scoring.priorMaxChars ?? Number.POSITIVE_INFINITY;
    if (text.length <= max) return text.length;
    const cut = text.lastIndexOf(' ', max);
    return cut > 0 ? cut : max;
  }

  private anyLanguageMatcher(): LexiconMatcher<CueEntry> {
    this.anyLanguage ??= this.buildAnyLanguage();
    return this.anyLanguage;
  }

  private scoreField(
    field: InputField,
    value: string,
    matcher: LexiconMatcher<CueEntry>,
    tallies: TargetTally[],
    possessiveEndings: readonly string[],
  ): { words: number; priorText?: string } {
    const seg = this.segmenter.segment(value);
    const n = seg.count;
    if (n === 0) return { words: 0 };
    const T = this.targets.length;
    const sc = this.scoring;
    const fieldFactor = field === 'title' ? sc.titleFactor : 1;
    const hits = matcher.scan(seg, value);
    // What the prior reads of this field (the text up to `priorMaxChars`), with mention tokens, from this same scan.
    const priorText =
      this.mentionTokens !== undefined && this.prior !== undefined
        ? markMentions(
            value,
            seg,
            hits,
            this.mentionTokenOf,
            field === 'text' ? this.leadLength(value) : value.length,
          )
        : undefined;

    const scratch = this.scratch;
    scratch.reset();
    const reported = scratch.uint8(seg.sentenceCount);
    const negated = scratch.uint8(n);
    const hedged = scratch.uint8(n);
    const patientMarker = scratch.uint8(n);
    const takenByAny = scratch.uint8(n);
    // Per sentence: the first word of a refuted claim (`It is not true that …`), or n when none.
    const refutedFrom = scratch.int32(seg.sentenceCount, n);
    const mentionWeight = scratch.float64(n * T);
    const mentionSpec = scratch.int32(n * T);
    const speech: Hit[] = [];
    const cues: Hit[] = [];
    for (const h of hits) {
      if (h.value.kind !== 'refutation') continue;
      const sentence = seg.sentence[h.first] as number;
      refutedFrom[sentence] = Math.min(refutedFrom[sentence] as number, h.last + 1);
      // The marker's own words (`not true`, `falsch`) are neither a speech verb nor an evaluative cue.
      for (let w = h.first; w <= h.last; w++) takenByAny[w] = 1;
    }
    for (const h of hits) {
      const v = h.value;
      switch (v.kind) {
        case 'mention': {
          const k = h.first * T + v.target;
          if (h.specificity > (mentionSpec[k] as number)) {
            mentionSpec[k] = h.specificity;
            mentionWeight[k] = v.weight;
          }
          break;
        }
        case 'speech':
        case 'distancing':
          if (takenByAny[h.first] === 1) break;
          reported[seg.sentence[h.first] as number] = 1;
          speech.push(h);
          break;
        case 'marker':
          reported[seg.sentence[h.first] as number] = 1;
          break;
        case 'hedge':
          hedged[h.last] = 1;
          break;
        case 'negation':
          if (takenByAny[h.last] === 1) break;
          negated[h.last] = 1;
          break;
        case 'patient':
          patientMarker[h.last] = 1;
          break;
        case 'refutation':
          break;
        default:
          cues.push(h);
      }
    }

    for (let w = 0; w < n; w++) {
      for (let t = 0; t < T; t++) {
        const m = mentionWeight[w * T + t] as number;
        if (m > 0) {
          const tally = tallies[t] as TargetTally;
          tally.mentions += m * fieldFactor;
          if (field === 'title') tally.titleMention = true;
        }
      }
    }

    const patient = patientMentions(seg, patientMarker, mentionWeight, T, possessiveEndings);

    const add = (t: number, h: Hit, fullWeight: number, cue: string): void => {
      if (fullWeight === 0) return;
      const tally = tallies[t] as TargetTally;
      const start = seg.start[h.first] as number;
      const end = seg.end[h.last] as number;
      const key = seg.lower.slice(start, end);
      const repeats = tally.seen.get(key) ?? 0;
      tally.seen.set(key, repeats + 1);
      const weight = repeats === 0 ? fullWeight : fullWeight * (1 + repeats) ** -sc.repeatDecay;
      tally.net += weight;
      if (weight > 0) tally.pos += weight;
      else tally.neg -= weight;
      tally.evidence.push({
        phrase: value.slice(start, end),
        field,
        start,
        end,
        sentence: seg.sentence[h.first] as number,
        weight: round3(weight),
        cue,
      });
    };

    // Longest pattern first; target lexicon terms before generic cues of the same length.
    cues.sort(
      (a, b) =>
        b.last - b.first - (a.last - a.first) ||
        (a.value.kind === 'target' ? 0 : 1) - (b.value.kind === 'target' ? 0 : 1) ||
        b.specificity - a.specificity,
    );
    // Speakers: a speech verb's nearest target mention. Negative words in what a speaker says are about
    // someone else ("Moscow accused Kyiv of terror"), so they are never attributed to that speaker.
    const speaker = scratch.int32(seg.sentenceCount, -1);
    for (const h of speech) {
      if (seg.quote[h.first] !== -1) continue;
      const link = this.speakerOf(seg, value, mentionWeight, h);
      if (link.target < 0) continue;
      speaker[seg.sentence[h.first] as number] = link.target;
      const distancing = h.value.kind === 'distancing';
      add(
        link.target,
        h,
        (distancing ? sc.distancingWeight : sc.sourcingWeight) * fieldFactor,
        distancing ? 'distancing' : 'sourcing',
      );
    }

    const takenByTarget = scratch.uint8(n * T);
    for (const h of cues) {
      const v = h.value;
      if (v.kind === 'target') {
        let free = true;
        for (let w = h.first; w <= h.last && free; w++) free = takenByTarget[w * T + v.target] === 0;
        if (!free) continue;
        for (let w = h.first; w <= h.last; w++) {
          takenByTarget[w * T + v.target] = 1;
          takenByAny[w] = 1;
        }
      } else {
        let free = true;
        for (let w = h.first; w <= h.last && free; w++) free = takenByAny[w] === 0;
        if (!free) continue;
        for (let w = h.first; w <= h.last; w++) takenByAny[w] = 1;
      }

      let target = v.target;
      let weight = v.weight;
      const notSpeaker = weight < 0 ? (speaker[seg.sentence[h.first] as number] as number) : -1;
      // Harm and blame are about the actor, not about whom it is done to (`aggression against Russia`).
      const skip = weight < 0 ? patient : undefined;
      if (v.kind === 'evaluative') {
        const window = n <= sc.shortTextWords ? n : sc.linkWindow;
        const link = this.nearestMention(seg, mentionWeight, h, window, window, notSpeaker, skip);
        if (link.target >= 0) {
          target = link.target;
          if (link.distance > sc.nearLinkDistance) weight *= sc.farLinkFactor;
        } else {
          target = this.previousMention(seg, mentionWeight, h.first, skip);
          if (target < 0 || target === notSpeaker) continue;
          weight *= sc.previousSentenceFactor;
        }
      } else if (v.kind === 'blame') {
        const link = this.nearestMention(
          seg,
          mentionWeight,
          h,
          sc.speakerWindow,
          sc.nearLinkDistance + 1,
          notSpeaker,
          skip,
        );
        if (link.target < 0) continue;
        target = link.target;
      }
      const voice = this.voice(seg, h, reported, hedged, negated, refutedFrom);
      add(target, h, weight * voice.factor * fieldFactor, voice.cue ?? v.cue);
    }

    return { words: n, priorText };
  }

  /** How much a cue counts given who is speaking, and why. */
  private voice(
    seg: Segmented,
    h: Hit,
    reported: Uint8Array,
    hedged: Uint8Array,
    negated: Uint8Array,
    refutedFrom: Int32Array,
  ): { factor: number; cue: string | undefined } {
    const sc = this.scoring;
    const sentence = seg.sentence[h.first] as number;
    let factor = 1;
    let cue: string | undefined;
    const q = seg.quote[h.first] as number;
    if (q >= 0 && (seg.quoteWords[q] as number) <= sc.scareQuoteMaxWords) {
      factor *= sc.hedgeFactor;
      cue = 'scare-quote';
    } else if (q >= 0) {
      factor *= sc.quotedFactor;
      cue = 'quoted';
    } else if (reported[sentence] === 1) {
      factor *= sc.reportedFactor;
      cue = 'reported-speech';
    }
    const window = Math.max(sc.hedgeWindow, sc.negationWindow);
    for (let d = 1; d <= window; d++) {
      const w = h.first - d;
      if (w < 0 || seg.sentence[w] !== sentence) break;
      if (d <= sc.hedgeWindow && hedged[w] === 1 && cue !== 'scare-quote') {
        factor *= sc.hedgeFactor;
        cue = 'hedged';
        break;
      }
      if (d <= sc.negationWindow && negated[w] === 1) {
        factor *= sc.negationFactor;
        cue = 'negated';
        break;
      }
    }
    // A claim the outlet refutes says the opposite of what it says (unless it is worded negated already).
    if (h.first >= (refutedFrom[sentence] as number) && cue !== 'negated' && cue !== 'hedged') {
      factor *= sc.negationFactor;
      cue = 'refuted';
    }
    return { factor, cue };
  }

  /**
   * Who speaks: the subject before the verb (`Lavrov said`, `Kyiv claims`) unless a comma or quotation
   * mark separates them (`…, said Lavrov`, `„…“, erklärte Lawrow`, `…, заявил Песков`); then the mention after.
   */
  private speakerOf(seg: Segmented, value: string, mentionWeight: Float64Array, h: Hit): { target: number } {
    const window = this.scoring.speakerWindow;
    const before = this.nearestMention(seg, mentionWeight, h, window, 0, -1);
    if (before.target >= 0) {
      const gap = value.slice(seg.end[h.first - before.distance] as number, seg.start[h.first] as number);
      if (!CLAUSE_BREAK.test(gap)) return before;
    }
    const after = this.nearestMention(seg, mentionWeight, h, 0, window, -1);
    return after.target >= 0 ? after : before;
  }

  /**
   * Nearest mention of a target other than `exclude` in the same sentence: up to `before` words before the
   * hit, `after` words after.
   */
  private nearestMention(
    seg: Segmented,
    mentionWeight: Float64Array,
    h: Hit,
    before: number,
    after: number,
    exclude: number,
    skip?: Uint8Array,
  ): { target: number; distance: number } {
    const T = this.targets.length;
    const sentence = seg.sentence[h.first];
    const reach = Math.max(before, after);
    for (let d = 1; d <= reach; d++) {
      const b = h.first - d;
      if (d <= before && b >= 0 && seg.sentence[b] === sentence) {
        const t = strongestMention(mentionWeight, b, T, exclude, skip);
        if (t >= 0) return { target: t, distance: d };
      }
      const a = h.last + d;
      if (d <= after && a < seg.count && seg.sentence[a] === sentence) {
        const t = strongestMention(mentionWeight, a, T, exclude, skip);
        if (t >= 0) return { target: t, distance: d };
      }
    }
    // A mention inside the hit itself (`Putin regime` as generic words) is the closest of all.
    for (let w = h.first; w <= h.last; w++) {
      const t = strongestMention(mentionWeight, w, T, exclude, skip);
      if (t >= 0) return { target: t, distance: 0 };
    }
    return { target: -1, distance: Number.POSITIVE_INFINITY };
  }

  /** The most recent target mentioned before word `w`, in its sentence or the one before (anaphora). */
  private previousMention(seg: Segmented, mentionWeight: Float64Array, w: number, skip?: Uint8Array): number {
    const T = this.targets.length;
    const sentence = seg.sentence[w] as number;
    for (let b = w - 1; b >= 0 && (seg.sentence[b] as number) >= sentence - 1; b--) {
      const target = strongestMention(mentionWeight, b, T, -1, skip);
      if (target >= 0) return target;
    }
    return -1;
  }

  private threshold(base: number, per100: number, words: number): number {
    return base + (per100 * words) / 100;
  }

  /** Enough mentions for the article's length, a title mention, any mention in a short text, or strong cues. */
  private isDiscussed(tally: TargetTally, words: number): boolean {
    const sc = this.scoring;
    const needed = Math.max(sc.salientMentions, (sc.salientMentionsPer100Words * words) / 100);
    const limit = this.threshold(sc.labelThreshold, sc.labelThresholdPer100Words, words);
    const magnitude = Math.abs(tally.net);
    return (
      tally.mentions >= needed ||
      tally.titleMention ||
      (words <= sc.shortTextWords && tally.mentions > 0) ||
      (tally.mentions > 0 && magnitude >= limit) ||
      this.isStrong(tally, words)
    );
  }

  /** Cues strong enough to put a target in scope on their own. */
  private isStrong(tally: TargetTally, words: number, times = 2): boolean {
    const sc = this.scoring;
    return (
      Math.abs(tally.net) >= times * this.threshold(sc.labelThreshold, sc.labelThresholdPer100Words, words)
    );
  }

  private decide(tally: TargetTally, words: number, discussed: boolean): TargetStance {
    const sc = this.scoring;
    const needed = Math.max(sc.salientMentions, (sc.salientMentionsPer100Words * words) / 100);
    const limit = this.threshold(sc.labelThreshold, sc.labelThresholdPer100Words, words);
    const magnitude = Math.abs(tally.net);
    const evidence = this.topEvidence(tally, discussed ? Math.sign(tally.net) : 0);
    if (!discussed) {
      return { label: 'none', score: round3(1 - 0.5 * Math.min(1, tally.mentions / needed)), evidence };
    }
    const contrast = magnitude / Math.max(1e-9, tally.pos + tally.neg);
    if (magnitude >= limit && contrast >= sc.labelMinContrast) {
      return {
        label: tally.net > 0 ? 'favor' : 'against',
        score: round3(magnitude / (magnitude + limit)),
        evidence,
      };
    }
    return { label: 'neutral', score: round3(1 - Math.min(0.5, magnitude / (2 * limit))), evidence };
  }

  /** The phrases that drove the label: those pushing the label's way first, then by size. */
  private topEvidence(tally: TargetTally, sign: number): Evidence[] {
    const rank = (e: Evidence): number =>
      (sign !== 0 && Math.sign(e.weight) === sign ? 1000 : 0) + Math.abs(e.weight);
    return tally.evidence
      .slice()
      .sort((a, b) => rank(b) - rank(a) || a.start - b.start)
      .slice(0, this.scoring.evidenceLimit);
  }

  private align(
    tallies: readonly TargetTally[],
    labels: readonly string[],
    words: number,
    topics: readonly TopicScore[],
  ): { alignment: Alignment; strength: number } {
    const sc = this.scoring;
    const side: Record<string, number> = { pro_kremlin: 0, pro_western: 0 };
    let discussed = 0;
    let clear = false;
    for (const [t, target] of this.targetConfigs.entries()) {
      const label = labels[t];
      const map = target.alignment;
      if (map === undefined || label === 'none') continue;
      discussed++;
      if (label === 'favor' || label === 'against') clear = true;
      const net = (tallies[t] as TargetTally).net;
      const supports = net > 0 ? map.favor : map.against;
      if (supports !== undefined) side[supports] = (side[supports] ?? 0) + Math.abs(net);
    }
    const primary = topics[0]?.slug;
    const offAxis =
      discussed < sc.axisMinTargets || (primary !== undefined && this.nonGeopolitical.has(primary));
    if (discussed === 0 || (!clear && offAxis)) {
      // No axis in a long text is strong evidence; in a one-sentence claim, hardly any.
      return {
        alignment: { label: 'not_applicable', score: discussed > 0 ? 0.6 : 0.9 },
        strength: words / (sc.absenceWords ?? 1),
      };
    }
    const kremlin = side.pro_kremlin ?? 0;
    const western = side.pro_western ?? 0;
    const diff = kremlin - western;
    const limit = this.threshold(sc.alignmentThreshold, sc.alignmentThresholdPer100Words, words);
    const contrast = Math.abs(diff) / Math.max(1e-9, kremlin + western);
    if (Math.abs(diff) >= limit && contrast >= sc.alignmentMinContrast) {
      const label: AlignmentLabel = diff > 0 ? 'pro_kremlin' : 'pro_western';
      return {
        alignment: { label, score: round3(Math.abs(diff) / (Math.abs(diff) + limit)) },
        strength: Math.abs(diff) / limit,
      };
    }
    return {
      alignment: { label: 'balanced', score: round3(1 - Math.min(0.5, Math.abs(diff) / (2 * limit))) },
      strength: 1,
    };
  }
}

/** Builds a stance model from configuration; throws `StanceConfigError` when the configuration is malformed. */
export function createStanceModel(config: StanceModelConfig): StanceModel {
  return new LexiconStanceModel(validateStanceConfig(config));
}
