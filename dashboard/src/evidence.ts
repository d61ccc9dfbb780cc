/**
 * Evidence highlighting: the stance evidence of an article placed in its
 * title or text at the classifier's offsets, as `<mark>` elements coloured by
 * target (underline) and sign (tint).
 */
import type { ArticleDetail, Evidence } from './api';
import { h, label } from './dom';

export interface PlacedEvidence extends Evidence {
  readonly target: string;
  readonly stance: string;
}

export const TARGET_COLORS = ['#b5478a', '#0a6bb8', '#c97a00', '#5b5fc7', '#2a8c82'];

export const targetColor = (targets: readonly string[], target: string): string =>
  TARGET_COLORS[Math.max(0, targets.indexOf(target)) % TARGET_COLORS.length] ?? '#5b6472';

/** The analysed text the `text` offsets index: lead and body as the classifier read them. */
export const analysedText = (article: Pick<ArticleDetail, 'lead' | 'body'>): string =>
  article.lead ? `${article.lead}\n\n${article.body}` : article.body;

/** Every evidence item of every target, in reading order. */
export function allEvidence(article: ArticleDetail): PlacedEvidence[] {
  const out: PlacedEvidence[] = [];
  for (const [target, stance] of Object.entries(article.stance)) {
    for (const e of stance.evidence) out.push({ ...e, target, stance: stance.label });
  }
  return out.sort((a, b) => (a.field === b.field ? a.start - b.start : a.field === 'title' ? -1 : 1));
}

/**
 * Where each evidence phrase sits in `text`: at its offsets when they match
 * the phrase, else at the nearest occurrence of the phrase (so a stale offset
 * still highlights the right words). Overlapping spans keep the first.
 */
export function placeSpans(
  text: string,
  evidence: readonly PlacedEvidence[],
): { start: number; end: number; evidence: PlacedEvidence }[] {
  const spans: { start: number; end: number; evidence: PlacedEvidence }[] = [];
  for (const e of evidence) {
    let start = e.start;
    if (text.slice(e.start, e.end) !== e.phrase) {
      start = nearestOccurrence(text, e.phrase, e.start);
      if (start < 0) continue;
    }
    spans.push({ start, end: start + e.phrase.length, evidence: e });
  }
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: typeof spans = [];
  for (const span of spans) {
    const last = kept.at(-1);
    if (!last || span.start >= last.end) kept.push(span);
  }
  return kept;
}

function nearestOccurrence(text: string, phrase: string, near: number): number {
  if (!phrase) return -1;
  let best = -1;
  for (let at = text.indexOf(phrase); at >= 0; at = text.indexOf(phrase, at + 1)) {
    if (best < 0 || Math.abs(at - near) < Math.abs(best - near)) best = at;
  }
  return best;
}

export const describeEvidence = (e: PlacedEvidence): string =>
  `${label(e.target)} · ${e.weight < 0 ? 'against' : e.weight > 0 ? 'favor' : 'neutral'} · cue: ${e.cue} · weight ${e.weight > 0 ? '+' : ''}${e.weight.toFixed(2)}`;

/** The text as nodes, with each placed span wrapped in a `<mark>`. */
export function highlighted(
  text: string,
  evidence: readonly PlacedEvidence[],
  targets: readonly string[],
): (Node | string)[] {
  const out: (Node | string)[] = [];
  let at = 0;
  for (const span of placeSpans(text, evidence)) {
    if (span.start > at) out.push(text.slice(at, span.start));
    const e = span.evidence;
    const sign = e.weight < 0 ? 'neg' : e.weight > 0 ? 'pos' : 'zero';
    out.push(
      h(
        'mark',
        {
          class: `ev ev-${sign}`,
          style: `--target:${targetColor(targets, e.target)}`,
          'data-target': e.target,
          'data-cue': e.cue,
          'data-weight': e.weight,
          title: describeEvidence(e),
          tabindex: 0,
        },
        text.slice(span.start, span.end),
      ),
    );
    at = span.end;
  }
  if (at < text.length) out.push(text.slice(at));
  return out;
}
