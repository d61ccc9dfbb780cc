import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Evidence } from '../../../../lambdas/domain/classification';
import type { StanceModel } from '../../../../lambdas/domain/classify/embedded-classifier';
import {
  type CuesFile,
  createStanceModel,
  DEFAULT_STANCE_CONFIG,
  loadDefaultStanceModel,
  StanceConfigError,
  type StanceModelConfig,
  type TargetConfig,
  type TargetsFile,
} from '../../../../lambdas/domain/classify/stance';
import { coherentStance } from '../../../../lambdas/domain/classify/stance/coherence';

// All texts below were written by this team for these tests.
const PRO_KREMLIN_DE = {
  title: 'Kiewer Regime beschießt erneut Wohnviertel in Donezk',
  text: [
    'Die ukrainischen Streitkräfte haben am Sonntag erneut Wohnviertel von Donezk beschossen.',
    'Das Kiewer Regime setzt damit seinen Terror gegen die Zivilbevölkerung des Donbass fort, den es seit dem Maidan-Putsch 2014 betreibt.',
    'Die russischen Streitkräfte reagierten im Rahmen der militärischen Sonderoperation mit hochpräzisen Schlägen gegen militärische Ziele.',
    'Russland hat stets seine Verhandlungsbereitschaft betont und verfolgt berechtigte Sicherheitsinteressen.',
    'Die Neonazis aus dem Asow-Regiment verschanzen sich in Schulen und missbrauchen Zivilisten als menschliche Schutzschilde.',
    'Die russische Armee hat inzwischen mehrere Ortschaften befreit.',
  ].join(' '),
  lang: 'de',
};

const PRO_UKRAINE_EN = {
  title: 'Russian invaders shell Kharkiv as Ukraine’s defenders hold the line',
  text: [
    'Russian occupiers shelled residential districts of Kharkiv overnight, killing four civilians, in another war crime of Putin’s war of aggression.',
    'Ukraine’s brave defenders repelled the assault and liberated two villages near the city.',
    'The Kremlin’s propaganda machine again claimed without evidence that the attack was staged.',
    'Ukraine is defending itself against an unprovoked full-scale invasion, and its armed forces have shown remarkable courage and resilience.',
    'President Zelensky thanked the allies for their steadfast support.',
  ].join(' '),
  lang: 'en',
};

const NEUTRAL_RU = {
  title: 'В Москве прошли переговоры министров иностранных дел',
  text: [
    'Министр иностранных дел России провел в Москве переговоры со своим турецким коллегой.',
    'Стороны обсудили двустороннюю торговлю, энергетические проекты и ситуацию на Ближнем Востоке.',
    'По итогам встречи было подписано соглашение о сотрудничестве в сфере туризма.',
    'Следующий раунд консультаций запланирован на осень в Анкаре.',
  ].join(' '),
  lang: 'ru',
};

const SPORT_DE = {
  title: 'Bayern gewinnt das Derby mit 3:1',
  text: [
    'Der FC Bayern München hat das Derby gegen den FC Augsburg vor ausverkauftem Haus mit 3:1 gewonnen.',
    'Nach einer schwachen ersten Halbzeit drehte die Mannschaft das Spiel mit zwei Toren innerhalb von zehn Minuten.',
    'Der Trainer lobte nach dem Abpfiff die Moral seiner Spieler und die Unterstützung der Fans.',
  ].join(' '),
  lang: 'de',
};

const predict = (
  model: StanceModel,
  input: { title?: string; text: string; lang: string },
  topics = [] as { slug: string; score: number }[],
) => model.predict({ ...input, topics });

const phrases = (evidence: readonly Evidence[]): string[] => evidence.map((e) => e.phrase);

describe('default stance model', () => {
  const model = loadDefaultStanceModel();

  it('names the default targets', () => {
    expect(model.targets).toEqual(['russia', 'ukraine', 'west']);
  });

  it('reads a pro-Kremlin German text as russia favor, ukraine against, with the loaded terms as evidence', () => {
    const result = predict(model, PRO_KREMLIN_DE);
    expect(result.stance.russia?.label).toBe('favor');
    expect(result.stance.ukraine?.label).toBe('against');
    expect(phrases(result.stance.ukraine?.evidence ?? [])).toContain('Kiewer Regime');
    expect(result.stance.ukraine?.evidence.find((e) => e.phrase === 'Kiewer Regime')?.cue).toBe(
      'loaded-term',
    );
    expect(result.alignment.label).toBe('pro_kremlin');
  });

  it('reads a Ukrainian-government-aligned English text the opposite way', () => {
    const result = predict(model, PRO_UKRAINE_EN);
    expect(result.stance.russia?.label).toBe('against');
    expect(result.stance.ukraine?.label).toBe('favor');
    expect(result.alignment.label).toBe('pro_western');
    expect(result.stance.russia?.evidence.every((e) => e.weight < 0)).toBe(true);
  });

  it('reads a neutral Russian news item as neutral or none for every target', () => {
    const result = predict(model, NEUTRAL_RU);
    for (const target of model.targets) expect(['neutral', 'none']).toContain(result.stance[target]?.label);
    expect(['balanced', 'not_applicable']).toContain(result.alignment.label);
  });

  it('reads a sports article as none for every target and not_applicable', () => {
    const result = predict(model, SPORT_DE, [{ slug: 'sport', score: 0.9 }]);
    for (const target of model.targets) expect(result.stance[target]?.label).toBe('none');
    expect(result.alignment.label).toBe('not_applicable');
  });

  it('does not read US domestic news as the West acting on the Russia/Ukraine axis', () => {
    const result = predict(model, {
      title: 'Biden signs infrastructure bill',
      text: 'President Biden signed the infrastructure bill at the White House on Monday. The United States will spend the money on roads, bridges and broadband. Biden thanked Congress, and the White House said the first projects start in spring. Washington expects thousands of new jobs.',
      lang: 'en',
    });
    expect(result.stance.west?.label).toBe('none');
    expect(result.alignment.label).toBe('not_applicable');
  });

  it('gives evidence offsets that point at the phrase in the named field', () => {
    for (const input of [PRO_KREMLIN_DE, PRO_UKRAINE_EN]) {
      const result = predict(model, input);
      const all = Object.values(result.stance).flatMap((s) => s.evidence);
      expect(all.length).toBeGreaterThan(3);
      expect(all.some((e) => e.field === 'title')).toBe(true);
      for (const e of all) {
        expect(input[e.field].slice(e.start, e.end)).toBe(e.phrase);
        expect(e.sentence).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it('counts the title more than the same words in the text', () => {
    const inTitle = predict(model, { title: 'Das Kiewer Regime', text: 'Ein Bericht aus Kiew.', lang: 'de' });
    const inText = predict(model, {
      title: 'Ein Bericht',
      text: 'Das Kiewer Regime. Ein Bericht aus Kiew.',
      lang: 'de',
    });
    const w = (r: typeof inTitle) =>
      r.stance.ukraine?.evidence.find((e) => e.phrase === 'Kiewer Regime')?.weight ?? 0;
    expect(w(inTitle)).toBeLessThan(w(inText));
    expect(w(inText)).toBeLessThan(0);
  });

  it('counts reported and quoted speech less than the outlet’s own voice', () => {
    const own = predict(model, {
      text: 'Russia committed war crimes in Bucha. Russia denies everything.',
      lang: 'en',
    });
    const reported = predict(model, {
      text: 'The Ukrainian prosecutor said Russia committed war crimes in Bucha. Russia denies everything.',
      lang: 'en',
    });
    const quoted = predict(model, {
      text: '“Russia committed war crimes in Bucha,” the Ukrainian prosecutor told reporters. Russia denies everything.',
      lang: 'en',
    });
    const weight = (r: typeof own) =>
      r.stance.russia?.evidence.find((e) => e.phrase === 'war crimes')?.weight ?? Number.NaN;
    expect(weight(own)).toBeLessThan(0);
    expect(Math.abs(weight(reported))).toBeLessThan(Math.abs(weight(own)));
    expect(Math.abs(weight(quoted))).toBeLessThan(Math.abs(weight(own)));
    expect(reported.stance.russia?.evidence.find((e) => e.phrase === 'war crimes')?.cue).toBe(
      'reported-speech',
    );
  });

  it('flips a hedged or negated term', () => {
    const hedged = predict(model, {
      text: 'Moscow denies the alleged war crimes of Russia in Bucha.',
      lang: 'en',
    });
    const e = hedged.stance.russia?.evidence.find((x) => x.phrase === 'war crimes');
    expect(e?.cue).toBe('hedged');
    expect(e?.weight).toBeGreaterThan(0);
  });

  it('flips the cues of a claim the outlet refutes', () => {
    for (const [text, lang, phrase] of [
      ['It is not true that Kyiv shelled the hospital.', 'en', 'shelled'],
      ['Es stimmt nicht, dass Kiew das Krankenhaus beschossen hat.', 'de', 'beschossen'],
    ] as const) {
      const asserted = predict(model, {
        text: text.replace(/^(It is not true that|Es stimmt nicht, dass) /, ''),
        lang,
      });
      const refuted = predict(model, { text, lang });
      const e = (r: typeof refuted) => r.stance.ukraine?.evidence.find((x) => x.phrase === phrase);
      expect(e(asserted)?.weight).toBeLessThan(0);
      expect(e(refuted)?.cue).toBe('refuted');
      expect(e(refuted)?.weight).toBeGreaterThan(0);
    }
  });

  it('blames the actor of a harm, not the target it is done to', () => {
    const weightOn = (r: ReturnType<typeof predict>, target: string, phrase: string) =>
      (r.stance[target]?.evidence ?? [])
        .filter((e) => e.phrase === phrase)
        .reduce((sum, e) => sum + e.weight, 0);
    const en = predict(model, {
      text: 'The aggression against Russia by Kyiv’s forces continues.',
      lang: 'en',
    });
    expect(weightOn(en, 'ukraine', 'aggression')).toBeLessThan(0);
    expect(weightOn(en, 'russia', 'aggression')).toBeGreaterThanOrEqual(0);
    const de = predict(model, {
      text: 'Die Provokationen gegen Russland gehen weiter, die NATO verlegt noch mehr Truppen an die Grenze.',
      lang: 'de',
    });
    expect(weightOn(de, 'west', 'Provokationen')).toBeLessThan(0);
    expect(weightOn(de, 'russia', 'Provokationen')).toBeGreaterThanOrEqual(0);
    const ru = predict(model, {
      text: 'Агрессия против России со стороны Киева продолжается.',
      lang: 'ru',
    });
    expect(weightOn(ru, 'russia', 'Агрессия')).toBeGreaterThanOrEqual(0);
    // A possessor after the marker is the actor: the war is Russia's.
    for (const [text, lang, phrase] of [
      ['Thousands protested against Russia’s brutal war.', 'en', 'brutal'],
      ['Tausende protestierten gegen Russlands brutalen Krieg.', 'de', 'brutalen'],
    ] as const) {
      expect(weightOn(predict(model, { text, lang }), 'russia', phrase)).toBeLessThan(0);
    }
  });
});

describe('stance configuration', () => {
  const nato: TargetConfig = {
    id: 'nato',
    description: 'The North Atlantic alliance as an actor.',
    alignment: { favor: 'pro_western', against: 'pro_kremlin' },
    mentions: { en: { nato: 1, 'north atlantic alliance': 1, alliance: 0.5 } },
    lexicon: {
      en: {
        loaded: { 'nato aggression': -2.5 },
        framing: { 'defensive alliance': 1.5, 'nato expansion': -1.5 },
      },
    },
  };
  const withNato: StanceModelConfig = {
    ...DEFAULT_STANCE_CONFIG,
    targets: { targets: [...DEFAULT_STANCE_CONFIG.targets.targets, nato] },
  };

  it('scores a target added in configuration only', () => {
    const model = createStanceModel(withNato);
    expect(model.targets).toContain('nato');
    const result = model.predict({
      title: 'NATO leaders meet in Vilnius',
      text: 'NATO leaders met in Vilnius on Tuesday. The defensive alliance welcomed its newest member and praised the unity of its thirty-one nations. NATO said its deterrence keeps the peace.',
      lang: 'en',
      topics: [],
    });
    expect(result.stance.nato?.label).toBe('favor');
    expect(phrases(result.stance.nato?.evidence ?? [])).toContain('defensive alliance');
  });

  it('changes the version whenever the configuration changes, and only then', () => {
    const base = createStanceModel(DEFAULT_STANCE_CONFIG);
    expect(createStanceModel(DEFAULT_STANCE_CONFIG).version).toBe(base.version);
    expect(createStanceModel(withNato).version).not.toBe(base.version);
    const scoring = { ...DEFAULT_STANCE_CONFIG.cues.scoring, titleFactor: 3 };
    expect(
      createStanceModel({ ...DEFAULT_STANCE_CONFIG, cues: { ...DEFAULT_STANCE_CONFIG.cues, scoring } })
        .version,
    ).not.toBe(base.version);
    expect(base.version).toMatch(/^[0-9a-f]{12}$/);
  });

  it('rejects a malformed target with an error that names it', () => {
    const broken = {
      ...nato,
      lexicon: { en: { loaded: { 'nato aggression': 'very' } } },
    } as unknown as TargetConfig;
    const config = { ...DEFAULT_STANCE_CONFIG, targets: { targets: [broken] } };
    expect(() => createStanceModel(config)).toThrow(StanceConfigError);
    expect(() => createStanceModel(config)).toThrow(/nato/);
  });
});

describe('coherence with the alignment (step 7)', () => {
  // Our own training articles (training/stance/*.jsonl lines with a title), read at run time.
  const dir = path.resolve(__dirname, '../../../../training/stance');
  const articles = readdirSync(dir)
    .filter((file) => file.endsWith('.jsonl'))
    .flatMap((file) => readFileSync(path.join(dir, file), 'utf8').split('\n'))
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { title?: string; text: string; lang: string })
    .filter((a) => a.title !== undefined);

  it('is the pure coherence step applied to what the model says without it, and it changes some labels', () => {
    const cues = DEFAULT_STANCE_CONFIG.cues as CuesFile;
    const { coherenceMinScore, ...without } = cues.scoring;
    if (coherenceMinScore === undefined) throw new Error('models/stance/cues.json sets no coherenceMinScore');
    const on = createStanceModel(DEFAULT_STANCE_CONFIG);
    const off = createStanceModel({ ...DEFAULT_STANCE_CONFIG, cues: { ...cues, scoring: without } });
    const maps = Object.fromEntries(
      (DEFAULT_STANCE_CONFIG.targets as TargetsFile).targets.map((t) => [t.id, t.alignment]),
    );
    let changed = 0;
    for (const a of articles) {
      const input = { title: a.title, text: a.text, lang: a.lang, topics: [] };
      const withIt = on.predict(input);
      const withoutIt = off.predict(input);
      expect(withIt.alignment).toEqual(withoutIt.alignment);
      // Every target is either what the step gives when the target counts as named often enough, or what
      // it gives when not (the model decides that by its mention count, `coherenceMinMentions`).
      const named = coherentStance(
        withoutIt.stance,
        withoutIt.alignment,
        maps,
        coherenceMinScore,
        () => true,
      );
      const unnamed = coherentStance(withoutIt.stance, withoutIt.alignment, maps, coherenceMinScore);
      for (const [target, stance] of Object.entries(withIt.stance)) {
        expect([named[target], unnamed[target]]).toContainEqual(stance);
      }
      if (JSON.stringify(withIt.stance) !== JSON.stringify(withoutIt.stance)) changed++;
    }
    expect(articles.length).toBeGreaterThan(100);
    expect(changed).toBeGreaterThan(0);
  });
});
