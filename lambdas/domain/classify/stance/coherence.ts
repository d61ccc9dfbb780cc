/**
 * Step 7 of the stance model: coherence between an article's alignment and
 * the stance it takes towards the targets it discusses.
 *
 * The annotation guideline defines an aligned article by its stances: a
 * pro-Kremlin article advances narratives that favour Russia and oppose
 * Ukraine or the West, a pro-Western one the reverse. So when the article as
 * a whole is aligned, a target it discusses but on which the target's own cues
 * were too weak to pass the label threshold (`neutral`) is read in the
 * article's direction: each target's configuration says which alignment its
 * favor and its against support. So is a target left `none` that the article
 * still names often enough (`mentioned`; the model asks for
 * `coherenceMinMentions` weighted mentions): a pro-Kremlin report on Donbass
 * that names Moscow three times favours it, even when no cue about Moscow
 * passed a threshold. Targets named less, targets with a clear label, and
 * articles that are `balanced` or `not_applicable` are left as they are.
 * Custom targets take part through their `alignment` map, like the
 * defaults; a target without one is never changed.
 *
 * Pure: no I/O, and the input is not modified.
 */
import type { Alignment, AlignmentLabel, Evidence, TargetStance } from '../../classification';

export interface TargetAlignmentMap {
  readonly favor?: AlignmentLabel;
  readonly against?: AlignmentLabel;
}

/** Evidence pushing the new label's way first, then by size (as the model ranks it). */
function rankFor(evidence: readonly Evidence[], sign: number): Evidence[] {
  const rank = (e: Evidence) => (Math.sign(e.weight) === sign ? 1000 : 0) + Math.abs(e.weight);
  return evidence.slice().sort((a, b) => rank(b) - rank(a) || a.start - b.start);
}

/**
 * The stances after coherence with `alignment`, applied when the alignment's
 * score is at least `minScore`. A changed target's score is the alignment's.
 * `mentioned(target)` says whether a `none` target is named often enough to
 * take part (by default none does).
 */
export function coherentStance(
  stance: Readonly<Record<string, TargetStance>>,
  alignment: Alignment,
  maps: Readonly<Record<string, TargetAlignmentMap | undefined>>,
  minScore: number,
  mentioned: (target: string) => boolean = () => false,
): Record<string, TargetStance> {
  const out: Record<string, TargetStance> = { ...stance };
  const side = alignment.label;
  if ((side !== 'pro_kremlin' && side !== 'pro_western') || alignment.score < minScore) return out;
  for (const [target, current] of Object.entries(stance)) {
    const map = maps[target];
    const open = current.label === 'neutral' || (current.label === 'none' && mentioned(target));
    if (!open || map === undefined) continue;
    const label = map.favor === side ? 'favor' : map.against === side ? 'against' : undefined;
    if (label === undefined) continue;
    out[target] = {
      label,
      score: alignment.score,
      evidence: rankFor(current.evidence, label === 'favor' ? 1 : -1),
    };
  }
  return out;
}

/**
 * The other direction of coherence: an aligned article whose targets' own labels all support the other
 * side. When at least `minTargets` targets are labelled favor or against and every such label supports one
 * alignment (per the targets' `alignment` maps), an article aligned with the other side takes that one,
 * with the mean of those targets' scores (a pro-Kremlin column that favours Moscow and opposes Berlin is
 * not pro-Western because of one quoted loaded term). Articles that are `balanced` or `not_applicable`, and
 * targets split between the sides, are left as they are.
 */
export function alignmentFromTargets(
  stance: Readonly<Record<string, TargetStance>>,
  alignment: Alignment,
  maps: Readonly<Record<string, TargetAlignmentMap | undefined>>,
  minTargets: number,
): Alignment {
  if (alignment.label !== 'pro_kremlin' && alignment.label !== 'pro_western') return alignment;
  let side: AlignmentLabel | undefined;
  let count = 0;
  let scores = 0;
  for (const [target, current] of Object.entries(stance)) {
    if (current.label !== 'favor' && current.label !== 'against') continue;
    const supported = maps[target]?.[current.label];
    if (supported === undefined) continue;
    if (side !== undefined && supported !== side) return alignment;
    side = supported;
    count++;
    scores += current.score;
  }
  if (side === undefined || side === alignment.label || count < minTargets) return alignment;
  return { label: side, score: Math.round((scores / count) * 1000) / 1000 };
}
