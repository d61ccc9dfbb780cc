import type { Evidence, TargetStance } from '../../../../lambdas/domain/classification';
import { alignmentFromTargets, coherentStance } from '../../../../lambdas/domain/classify/stance/coherence';

const MAPS = {
  russia: { favor: 'pro_kremlin', against: 'pro_western' },
  ukraine: { favor: 'pro_western', against: 'pro_kremlin' },
  west: { favor: 'pro_western', against: 'pro_kremlin' },
  nato: undefined,
} as const;

const evidence = (phrase: string, weight: number, start: number): Evidence => ({
  phrase,
  field: 'text',
  start,
  end: start + phrase.length,
  sentence: 0,
  weight,
  cue: 'framing',
});

const neutral = (...items: Evidence[]): TargetStance => ({ label: 'neutral', score: 0.6, evidence: items });

describe('coherentStance', () => {
  const stance: Record<string, TargetStance> = {
    russia: neutral(evidence('Moskau', 0.2, 0)),
    ukraine: neutral(evidence('Kiew', 0.3, 10), evidence('Kiewer Regime', -0.9, 20)),
    west: { label: 'none', score: 0.9, evidence: [] },
    nato: neutral(),
  };

  it('reads neutral, discussed targets in the direction of a pro-Kremlin article', () => {
    const out = coherentStance(stance, { label: 'pro_kremlin', score: 0.8 }, MAPS, 0);
    expect(out.russia?.label).toBe('favor');
    expect(out.ukraine?.label).toBe('against');
    expect(out.ukraine?.score).toBe(0.8);
    // The evidence that points the new way comes first.
    expect(out.ukraine?.evidence.map((e) => e.phrase)).toEqual(['Kiewer Regime', 'Kiew']);
  });

  it('and in the other direction for a pro-Western article', () => {
    const out = coherentStance(stance, { label: 'pro_western', score: 0.7 }, MAPS, 0);
    expect(out.russia?.label).toBe('against');
    expect(out.ukraine?.label).toBe('favor');
  });

  it('leaves targets that are not discussed, and targets without an alignment map', () => {
    const out = coherentStance(stance, { label: 'pro_kremlin', score: 0.8 }, MAPS, 0);
    expect(out.west).toEqual(stance.west);
    expect(out.nato).toEqual(stance.nato);
  });

  it('reads a `none` target in the article’s direction only when it is named often enough', () => {
    const named = (target: string) => target === 'west';
    const out = coherentStance(stance, { label: 'pro_kremlin', score: 0.8 }, MAPS, 0, named);
    expect(out.west?.label).toBe('against');
    expect(out.west?.score).toBe(0.8);
    const unnamed = coherentStance(stance, { label: 'pro_kremlin', score: 0.8 }, MAPS, 0, () => false);
    expect(unnamed.west).toEqual(stance.west);
    // A weak alignment changes nothing, named or not.
    expect(coherentStance(stance, { label: 'pro_kremlin', score: 0.5 }, MAPS, 0.6, named)).toEqual(stance);
  });

  it('leaves clear labels, balanced and not_applicable articles, and weak alignments', () => {
    const clear: Record<string, TargetStance> = { russia: { label: 'against', score: 0.7, evidence: [] } };
    expect(coherentStance(clear, { label: 'pro_kremlin', score: 0.9 }, MAPS, 0)).toEqual(clear);
    expect(coherentStance(stance, { label: 'balanced', score: 0.9 }, MAPS, 0)).toEqual(stance);
    expect(coherentStance(stance, { label: 'not_applicable', score: 0.9 }, MAPS, 0)).toEqual(stance);
    expect(coherentStance(stance, { label: 'pro_kremlin', score: 0.5 }, MAPS, 0.6)).toEqual(stance);
  });

  it('does not modify its input', () => {
    const copy = structuredClone(stance);
    coherentStance(stance, { label: 'pro_kremlin', score: 0.8 }, MAPS, 0);
    expect(stance).toEqual(copy);
  });
});

describe('alignmentFromTargets', () => {
  const labelled = (label: TargetStance['label'], score: number): TargetStance => ({
    label,
    score,
    evidence: [],
  });
  const proKremlinTargets: Record<string, TargetStance> = {
    russia: labelled('favor', 0.7),
    ukraine: labelled('none', 0.9),
    west: labelled('against', 0.9),
    nato: labelled('against', 0.6),
  };

  it('gives an article aligned with one side the side all its labelled targets support', () => {
    expect(alignmentFromTargets(proKremlinTargets, { label: 'pro_western', score: 0.6 }, MAPS, 1)).toEqual({
      label: 'pro_kremlin',
      score: 0.8,
    });
    expect(alignmentFromTargets(proKremlinTargets, { label: 'pro_western', score: 0.6 }, MAPS, 2).label).toBe(
      'pro_kremlin',
    );
  });

  it('leaves it when the labelled targets are too few, split between the sides, or agree with it', () => {
    const pw = { label: 'pro_western', score: 0.6 } as const;
    expect(alignmentFromTargets(proKremlinTargets, pw, MAPS, 3)).toBe(pw);
    const split = { ...proKremlinTargets, ukraine: labelled('favor', 0.8) };
    expect(alignmentFromTargets(split, pw, MAPS, 1)).toBe(pw);
    const pk = { label: 'pro_kremlin', score: 0.6 } as const;
    expect(alignmentFromTargets(proKremlinTargets, pk, MAPS, 1)).toBe(pk);
  });

  it('leaves balanced and not_applicable articles as they are', () => {
    for (const label of ['balanced', 'not_applicable'] as const) {
      const alignment = { label, score: 0.7 };
      expect(alignmentFromTargets(proKremlinTargets, alignment, MAPS, 1)).toBe(alignment);
    }
  });
});
