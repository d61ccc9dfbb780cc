import {
  contentHash,
  createStanceModel,
  createStancePrior,
  DEFAULT_STANCE_CONFIG,
  loadDefaultStanceModel,
  type StanceTrainingExample,
  trainStancePrior,
} from '../../../../lambdas/domain/classify/stance';

// All texts below were written by this team for these tests; none is in training/stance/.
const NARRATIVE_DE =
  'Seit Jahren rückt das Militärbündnis immer näher an die russische Grenze heran. Moskau hat lange genug gewarnt und wurde nie gehört.';
const NARRATIVE_EN =
  'European families are paying for the sanctions with their heating bills, while Moscow simply sells its oil to Asia instead.';
const NARRATIVE_RU =
  'Европейские семьи расплачиваются за санкции счетами за отопление, а Москва просто продает нефть в Азию.';
const DEBUNK_DE =
  'Faktencheck: Die Behauptung, die Ukraine verkaufe gelieferte Panzer weiter, ist falsch. Es gibt dafür keinerlei Belege.';
const LOCAL_NEWS_EN = 'The city council approved a new budget for public libraries on Tuesday.';

const lexiconOnly = createStanceModel({
  targets: DEFAULT_STANCE_CONFIG.targets,
  cues: DEFAULT_STANCE_CONFIG.cues,
});

const FIXTURE: StanceTrainingExample[] = [
  ['pro_kremlin', 'The Kiev regime shells Donbass while its Western masters look away.'],
  ['pro_kremlin', 'NATO provoked this war by expanding to Russia’s borders.'],
  ['pro_kremlin', 'Sanctions hurt Europe far more than they hurt Russia.'],
  ['pro_western', 'Russia’s war of aggression has killed thousands of Ukrainian civilians.'],
  ['pro_western', 'Ukraine defends its freedom against the Russian invasion.'],
  ['pro_western', 'Fact check: the claim about secret biolabs in Ukraine is false.'],
  ['not_applicable', 'The football club won the cup final on Saturday.'],
  ['not_applicable', 'Heavy rain is expected across the north this weekend.'],
  ['not_applicable', 'The museum opens a new exhibition of modern paintings.'],
].map(([alignment, text], i) => ({
  id: `t${i}`,
  lang: 'en',
  text: text as string,
  alignment: alignment as string,
  stance: { russia: 'none', ukraine: 'none', west: 'none' },
}));

describe('trained stance prior', () => {
  const model = loadDefaultStanceModel();

  it.each([
    ['de', NARRATIVE_DE],
    ['en', NARRATIVE_EN],
    ['ru', NARRATIVE_RU],
  ])('reads a pro-Kremlin narrative told without loaded terms (%s) as pro_kremlin', (lang, text) => {
    expect(lexiconOnly.predict({ text, lang, topics: [] }).alignment.label).not.toBe('pro_kremlin');
    expect(model.predict({ text, lang, topics: [] }).alignment.label).toBe('pro_kremlin');
  });

  it('reads a fact-check debunking a pro-Kremlin claim as pro_western', () => {
    expect(model.predict({ text: DEBUNK_DE, lang: 'de', topics: [] }).alignment.label).toBe('pro_western');
  });

  it('leaves local news off the axis', () => {
    const result = model.predict({ text: LOCAL_NEWS_EN, lang: 'en', topics: [] });
    expect(result.alignment.label).toBe('not_applicable');
    for (const target of model.targets) expect(result.stance[target]?.label).toBe('none');
  });

  it('keeps evidence to matched phrases with exact offsets', () => {
    const text = `${NARRATIVE_EN} The Kremlin's propaganda calls it a special military operation.`;
    const result = model.predict({ text, lang: 'en', topics: [] });
    const evidence = Object.values(result.stance).flatMap((s) => s.evidence);
    expect(evidence.length).toBeGreaterThan(0);
    for (const e of evidence) expect(text.slice(e.start, e.end)).toBe(e.phrase);
  });

  it('trains the same model from the same examples, and a different one from different examples', () => {
    const a = trainStancePrior(FIXTURE, contentHash);
    const b = trainStancePrior(FIXTURE, contentHash);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const c = trainStancePrior(FIXTURE.slice(1), contentHash);
    expect(c.contentHash).not.toBe(a.contentHash);
  });

  it('predicts its training labels from a small fixture', () => {
    // The shipped minimum document frequency is for the 1,259-text corpus; in a handful of texts every word counts.
    const prior = createStancePrior(trainStancePrior(FIXTURE, contentHash, { minDf: 1 }));
    for (const e of FIXTURE) {
      const margins = prior.margins(e).get('alignment');
      const best = [...(margins ?? new Map<string, number>()).entries()].sort((x, y) => y[1] - x[1])[0]?.[0];
      expect(best).toBe(e.alignment);
    }
  });

  it('changes the stance model version when the prior changes', () => {
    const base = createStanceModel(DEFAULT_STANCE_CONFIG).version;
    const retrained = createStanceModel({
      ...DEFAULT_STANCE_CONFIG,
      prior: trainStancePrior(FIXTURE, contentHash),
    }).version;
    expect(retrained).not.toBe(base);
    expect(lexiconOnly.version).not.toBe(base);
  });

  /**
   * A prior trained on two made-up signal words the lexicons do not know (`Sunflowerish` for pro_kremlin,
   * `Thunderstormish` for pro_western), with no target labels: it moves the alignment only.
   */
  const signalPrior = () => {
    const names = ['Russia', 'Moscow', 'The Kremlin', 'Lavrov', 'Peskov', 'Ukraine', 'Kyiv', 'NATO'];
    const examples: StanceTrainingExample[] = names.flatMap((name, i) =>
      (['pro_kremlin', 'pro_western'] as const).map((alignment) => ({
        id: `${alignment}-${i}`,
        lang: 'en',
        text: `${name} held a meeting on Tuesday. ${alignment === 'pro_kremlin' ? 'Sunflowerish' : 'Thunderstormish'} was the word.`,
        alignment,
        stance: {},
      })),
    );
    return trainStancePrior(examples, contentHash);
  };
  /** The default model with `prior` and scoring overrides; an override of `undefined` removes the setting. */
  const withScoring = (
    prior: ReturnType<typeof trainStancePrior>,
    overrides: Record<string, number | undefined>,
  ) => {
    const cues = DEFAULT_STANCE_CONFIG.cues;
    const scoring: Record<string, unknown> = { ...cues.scoring, ...overrides };
    for (const [key, value] of Object.entries(overrides)) if (value === undefined) delete scoring[key];
    return createStanceModel({
      ...DEFAULT_STANCE_CONFIG,
      cues: { ...cues, scoring: scoring as unknown as typeof cues.scoring },
      prior,
    });
  };

  it('reads the article up to priorMaxChars, so a framing set late in a long article still counts', () => {
    const prior = signalPrior();
    const filler = 'The delegates discussed the agenda and the schedule for the coming weeks. '.repeat(12);
    const article = (signal: string) => ({
      text: `Moscow held a meeting on Tuesday.\n\n${filler}\n\n${signal} ${signal} was the word.`,
      lang: 'en',
      topics: [],
    });
    const alignment = (priorMaxChars: number, signal: string) =>
      withScoring(prior, { priorMaxChars }).predict(article(signal)).alignment.label;
    expect(article('Sunflowerish').text.length).toBeGreaterThan(900);
    expect(alignment(12000, 'Sunflowerish')).toBe('pro_kremlin');
    expect(alignment(12000, 'Thunderstormish')).toBe('pro_western');
    // Cut before the signal, the prior cannot tell the two articles apart.
    expect(alignment(300, 'Sunflowerish')).toBe(alignment(300, 'Thunderstormish'));
  });

  it('gives an article the side its labelled targets support when alignmentFromTargets is set', () => {
    // Loaded terms favour Russia and oppose Kyiv; the prior, reading only the signal word, says pro_western.
    const input = {
      text: 'The Kiev regime shelled Donetsk again, and the neo-Nazi battalions hide behind civilians. Russian forces liberated another village, and the Russian army protects the people of Donbass. Thunderstormish Thunderstormish Thunderstormish was the word.',
      lang: 'en',
      topics: [],
    };
    const prior = signalPrior();
    const off = withScoring(prior, { alignmentFromTargets: undefined }).predict(input);
    const on = withScoring(prior, { alignmentFromTargets: 1 }).predict(input);
    expect([off.stance.russia?.label, off.stance.ukraine?.label]).toEqual(['favor', 'against']);
    expect(off.alignment.label).toBe('pro_western');
    expect(on.alignment.label).toBe('pro_kremlin');
  });
});
