import { lexiconTopicModel } from '../../../../lambdas/domain/classify/topics';
import {
  compileLexiconModel,
  LexiconSourceError,
} from '../../../../lambdas/domain/classify/topics/lexicon-source';
import { tokenize } from '../../../../lambdas/domain/classify/topics/tokenize';

const scoring = {
  name: 'test',
  topics: ['conflict', 'weather'],
  scoring: {
    titleWeight: 3,
    minScore: 2,
    secondaryRatio: 0.5,
    minSecondaryScore: 2,
    maxTopics: 3,
    halfConfidence: 5,
  },
};

const model = lexiconTopicModel(
  compileLexiconModel(scoring, {
    en: { conflict: { '3': 'war$ *missile' }, weather: { '3': 'warm' } },
    de: { conflict: { '3': '*krieg' }, weather: { '3': '*wetter$' } },
  }),
  'v1',
);
const top = (lang: string, text: string) => model.predict({ lang, text })[0]?.slug;

describe('lexicon entry syntax', () => {
  it('matches `word$` only as a whole word and a bare stem as a prefix', () => {
    expect(top('en', 'war war')).toBe('conflict');
    expect(top('en', 'warning warning')).toBeUndefined();
    expect(top('en', 'warmer warmest')).toBe('weather');
  });

  it('matches `*part` inside compounds and `*end$` at the end of a word', () => {
    expect(top('de', 'Ukrainekrieg Angriffskrieg')).toBe('conflict');
    expect(top('de', 'Unwetter Sommerwetter')).toBe('weather');
    expect(top('en', 'antimissile antimissile')).toBe('conflict');
  });

  it('rejects malformed entries and unknown topics with a clear error', () => {
    expect(() => compileLexiconModel(scoring, { en: { conflict: { '3': 'air-strike' } } })).toThrow(
      /malformed entry "air-strike"/,
    );
    expect(() => compileLexiconModel(scoring, { en: { sports: { '3': 'goal' } } })).toThrow(
      LexiconSourceError,
    );
    expect(() => compileLexiconModel(scoring, { en: { conflict: { '3': 'ab' } } })).toThrow(/too short/);
  });
});

describe('tokenize', () => {
  it('lower-cases words in any script and folds ё to е', () => {
    expect(tokenize('Der Ukrainekrieg, Ёлка и WAR-2022!')).toEqual([
      'der',
      'ukrainekrieg',
      'елка',
      'и',
      'war',
      '2022',
    ]);
  });
});
