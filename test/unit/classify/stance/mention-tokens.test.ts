import {
  type CuesFile,
  contentHash,
  createStanceModel,
  DEFAULT_STANCE_CONFIG,
  type StanceModelConfig,
  type StanceTrainingExample,
  trainStancePrior,
} from '../../../../lambdas/domain/classify/stance';
import {
  MentionTokens,
  mentionToken,
  priorTrainingExamples,
} from '../../../../lambdas/domain/classify/stance/mention-tokens';

// Sentences written by this team for these tests.
describe('mention tokens for the prior', () => {
  const tokens = new MentionTokens(
    DEFAULT_STANCE_CONFIG.targets.targets,
    DEFAULT_STANCE_CONFIG.cues.abbreviations,
  );

  it('follows every mention with its target’s token and keeps the name', () => {
    expect(tokens.mark('Kyiv shelled the hospital, the Kremlin said.', 'en')).toBe(
      'Kyiv qqukraineqq shelled the hospital, the Kremlin qqrussiaqq said.',
    );
    expect(tokens.mark('Die Bundesregierung kritisierte Moskau.', 'de')).toBe(
      'Die Bundesregierung qqwestqq kritisierte Moskau qqrussiaqq.',
    );
    expect(tokens.mark('Киев обвинил Вашингтон.', 'ru')).toBe('Киев qqukraineqq обвинил Вашингтон qqwestqq.');
  });

  it('marks a multi-word mention once, after its last word', () => {
    expect(tokens.mark('The United States and the European Union agreed.', 'en')).toBe(
      'The United States qqwestqq and the European Union qqwestqq agreed.',
    );
  });

  it('leaves a text without mentions as it is, and reads other languages with every language’s patterns', () => {
    expect(tokens.mark('The weather stays mild this week.', 'en')).toBe('The weather stays mild this week.');
    expect(tokens.mark('Putin ja Zelenskyi', 'fi')).toContain(`Putin ${mentionToken('russia')}`);
  });

  it('marks training texts only when the cues file asks for it', () => {
    const example = {
      id: 'x',
      lang: 'en',
      title: 'Moscow',
      text: 'NATO met.',
      alignment: 'balanced',
      stance: {},
    };
    const on = priorTrainingExamples([example], DEFAULT_STANCE_CONFIG);
    expect(on[0]?.text).toBe('NATO qqwestqq met.');
    expect(on[0]?.title).toBe('Moscow qqrussiaqq');
    const scoring = { ...DEFAULT_STANCE_CONFIG.cues.scoring, priorMentionTokens: 0 };
    const off: StanceModelConfig = {
      ...DEFAULT_STANCE_CONFIG,
      cues: { ...DEFAULT_STANCE_CONFIG.cues, scoring },
    };
    expect(priorTrainingExamples([example], off)[0]).toEqual(example);
  });

  it('lets the stance model’s prior, trained on some names of a target, read its other names', () => {
    const cues = DEFAULT_STANCE_CONFIG.cues as CuesFile;
    const russia = [
      'Moscow',
      'The Kremlin',
      'Russia',
      'Lavrov',
      'Peskov',
      'Shoigu',
      'Medvedev',
      'Zakharova',
      'Gerasimov',
      'Nebenzia',
    ];
    const ukraine = [
      'Kyiv',
      'Kiev',
      'Ukraine',
      'Kuleba',
      'Reznikov',
      'Podolyak',
      'Yermak',
      'Poroshenko',
      'Shmyhal',
      'Umerov',
    ];
    const sentence = (name: string) => `${name} held a meeting on Tuesday.`;
    const labelled = (names: readonly string[], alignment: string): StanceTrainingExample[] =>
      names.map((name, i) => ({
        id: `${alignment}-${i}`,
        lang: 'en',
        text: sentence(name),
        alignment,
        stance: {},
      }));
    const examples = [...labelled(russia, 'pro_kremlin'), ...labelled(ukraine, 'pro_western')];
    const model = (priorMentionTokens: number) => {
      const config = {
        ...DEFAULT_STANCE_CONFIG,
        cues: { ...cues, scoring: { ...cues.scoring, priorMentionTokens } },
      };
      const prior = trainStancePrior(priorTrainingExamples(examples, config), contentHash);
      return createStanceModel({ ...config, prior });
    };
    const alignments = (m: ReturnType<typeof model>) =>
      ['Putin', 'Zelensky'].map(
        (name) => m.predict({ text: sentence(name), lang: 'en', topics: [] }).alignment.label,
      );
    // Names the prior never saw: with mention tokens it knows whose they are, without them it cannot tell.
    expect(alignments(model(1))).toEqual(['pro_kremlin', 'pro_western']);
    expect(alignments(model(0))).not.toEqual(['pro_kremlin', 'pro_western']);
  });
});
