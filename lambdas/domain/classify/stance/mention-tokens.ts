/**
 * Target mentions marked with one token per target, for the trained prior.
 *
 * The prior is a bag of words and n-grams learnt from a few thousand texts.
 * Real outlets name a target in dozens of ways (`Kyiv`, `Kiew`, `Selenskyj`,
 * `the Ukrainian government`, `Киев`), and which of them a training text
 * happened to use should not matter: `Kyiv shelled` and `Kiew beschoss` are
 * the same thing told about the same actor. Following every mention (the
 * `mentions` patterns of the targets file, the same ones the lexicon model
 * counts) with the target's token (`Kyiv qqukraineqq shelled`) lets the
 * n-gram `qqukraineqq shelled` learn from all of them at once. The name itself
 * stays: which name an outlet uses (`Kiev` or `Kyiv`) says something too.
 * `npm run cv:stance -- --by-language` chose this over replacing the name
 * (stance macro-F1 0.657 vs 0.642 on our articles, 0.652 without tokens).
 *
 * Used alike when the prior is trained (`scripts/build-stance-model.ts`) and
 * when it reads an article (`stance-model.ts`), so both see the same text.
 * Pure: no I/O.
 */
import { LexiconMatcher, type PhraseHit, type PhrasePattern } from './lexicon-matcher';
import type { StanceModelConfig, TargetConfig } from './stance-config';
import type { StanceTrainingExample } from './stance-prior';
import { type Segmented, TextSegmenter } from './text-segmenter';

/** The token that stands for target `id` (letters only, so the prior's tokenizer keeps it one word). */
export const mentionToken = (id: string): string => `qq${id.toLowerCase().replace(/[^a-z]/g, '')}qq`;

export class MentionTokens {
  private readonly segmenter: TextSegmenter;
  private readonly matchers = new Map<string, LexiconMatcher<string>>();
  private anyLanguage: LexiconMatcher<string> | undefined;
  private readonly patterns: (lang: string | undefined) => Generator<PhrasePattern<string>>;

  constructor(targets: readonly TargetConfig[], abbreviations: readonly string[]) {
    this.segmenter = new TextSegmenter(abbreviations);
    this.patterns = function* (lang) {
      for (const target of targets) {
        const token = mentionToken(target.id);
        for (const [language, mentions] of Object.entries(target.mentions)) {
          if (lang !== undefined && language !== lang) continue;
          for (const pattern of Object.keys(mentions)) yield { pattern, value: token };
        }
      }
    };
    const languages = new Set(targets.flatMap((t) => Object.keys(t.mentions)));
    for (const lang of languages) this.matchers.set(lang, new LexiconMatcher(this.patterns(lang)));
  }

  /** `text` with each target mention followed by its target's token; languages without patterns use all. */
  mark(text: string, lang: string): string {
    const matcher = this.matchers.get(lang) ?? this.anyLanguageMatcher();
    const seg = this.segmenter.segment(text);
    return seg.count === 0 ? text : markMentions(text, seg, matcher.scan(seg, text), (token) => token);
  }

  private anyLanguageMatcher(): LexiconMatcher<string> {
    this.anyLanguage ??= new LexiconMatcher(this.patterns(undefined));
    return this.anyLanguage;
  }
}

/**
 * The examples the prior trains on, marked the way the stance model marks what the prior reads: with
 * mention tokens when the cues file's `priorMentionTokens` is on, else unchanged.
 */
export function priorTrainingExamples(
  examples: readonly StanceTrainingExample[],
  config: StanceModelConfig,
): StanceTrainingExample[] {
  if (!((config.cues.scoring.priorMentionTokens ?? 0) > 0)) return [...examples];
  const tokens = new MentionTokens(config.targets.targets, config.cues.abbreviations);
  return examples.map((e) => ({
    ...e,
    ...(e.title === undefined ? {} : { title: tokens.mark(e.title, e.lang) }),
    text: tokens.mark(e.text, e.lang),
  }));
}

/**
 * `text` up to `limit` (a word boundary), each mention among `hits` (those `token` gives a token for)
 * followed by that token. Overlapping mentions: the earlier, then the longer, then the more specific wins.
 * The stance model calls this with the hits of its own scan, so the prior's input costs no second pass.
 */
export function markMentions<T>(
  text: string,
  seg: Segmented,
  hits: readonly PhraseHit<T>[],
  token: (value: T) => string | undefined,
  limit = text.length,
): string {
  const mentions = hits
    .filter((h) => token(h.value) !== undefined)
    .sort((a, b) => a.first - b.first || b.last - a.last || b.specificity - a.specificity);
  let out = '';
  let from = 0;
  let next = 0;
  for (const h of mentions) {
    if (h.first < next) continue;
    const end = seg.end[h.last] as number;
    if (end > limit) break;
    out += `${text.slice(from, end)} ${token(h.value)}`;
    from = end;
    next = h.last + 1;
  }
  return out + text.slice(from, limit);
}
