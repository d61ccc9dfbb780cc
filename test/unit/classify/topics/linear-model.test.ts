import {
  InvalidTopicModelError,
  LINEAR_MODEL_FORMAT,
  PLAIN_LINEAR_MODEL_FORMAT,
  packLinearTopicModel,
  ROW_PACKED_LINEAR_MODEL_FORMAT,
  TrainingDataError,
  topicModelFromJson,
  trainLinearTopicModel,
} from '../../../../lambdas/domain/classify/topics';
import { packNumbers } from '../../../../lambdas/domain/classify/topics/packed-numbers';

const examples = [
  { text: 'the striker scored a goal and the team won the match', labels: ['sport'] },
  { text: 'the coach praised the players after the league game', labels: ['sport'] },
  { text: 'fans cheered as the club won the cup final', labels: ['sport'] },
  { text: 'the central bank raised interest rates to fight inflation', labels: ['economy'] },
  { text: 'shares fell as investors worried about company profits', labels: ['economy'] },
  { text: 'exports grew and the trade surplus reached a record', labels: ['economy'] },
  { text: 'the recipe needs flour butter and two eggs baked for an hour', labels: ['food'] },
  { text: 'slice the onions and fry them in olive oil before adding garlic', labels: ['food'] },
  { text: 'serve the soup hot with fresh bread and herbs', labels: ['food'] },
];

describe('trainable linear topic model', () => {
  it('learns a small label set and predicts it for new text', () => {
    const model = topicModelFromJson(trainLinearTopicModel(examples));
    const predict = (text: string) => model.predict({ text, lang: 'en' })[0]?.slug;
    expect(predict('the players scored late and won the game')).toBe('sport');
    expect(predict('investors expect the bank to cut rates as inflation eases')).toBe('economy');
    expect(predict('fry the garlic in oil and serve with bread')).toBe('food');
  });

  it('always reports its best label, with scores in [0, 1]', () => {
    const model = topicModelFromJson(trainLinearTopicModel(examples));
    const topics = model.predict({ text: 'zzz qqq', lang: 'en' });
    expect(topics.length).toBeGreaterThanOrEqual(1);
    for (const t of topics) expect(t.score).toBeGreaterThanOrEqual(0);
    for (const t of topics) expect(t.score).toBeLessThanOrEqual(1);
  });

  it('trains deterministically: the same data gives the same model and version', () => {
    const a = JSON.stringify(trainLinearTopicModel(examples));
    const b = JSON.stringify(trainLinearTopicModel(examples));
    expect(a).toBe(b);
    expect(topicModelFromJson(JSON.parse(a)).version).toBe(topicModelFromJson(JSON.parse(b)).version);
  });

  it('refuses data with fewer than two labels', () => {
    expect(() => trainLinearTopicModel(examples.filter((e) => e.labels[0] === 'food'))).toThrow(
      TrainingDataError,
    );
  });

  it('refuses a file that is not a topic model', () => {
    expect(() => topicModelFromJson({ hello: 'world' })).toThrow(InvalidTopicModelError);
    const truncated = { ...trainLinearTopicModel(examples), weights: [] };
    expect(() => topicModelFromJson(truncated)).toThrow(InvalidTopicModelError);
  });

  describe('model files', () => {
    const plain = trainLinearTopicModel(examples);
    const packed = packLinearTopicModel(plain);
    const texts = [
      'the players scored late and won the game',
      'investors expect the bank to cut rates as inflation eases',
      'fry the garlic in oil and serve with bread',
      'zzz qqq',
    ];
    const predictions = (data: unknown) => {
      const model = topicModelFromJson(JSON.parse(JSON.stringify(data)));
      return texts.map((text) => model.predict({ text, lang: 'en' }));
    };

    // A file as the previous format wrote it: one packed row of weights per label.
    const rowPacked = {
      ...plain,
      format: ROW_PACKED_LINEAR_MODEL_FORMAT,
      vocabulary: packNumbers(plain.vocabulary),
      idf: packNumbers(plain.idf),
      weights: plain.weights.map(packNumbers),
    };

    it('are written packed, and older files (rows packed, or plain arrays) still load, with the same predictions', () => {
      expect(packed.format).toBe(LINEAR_MODEL_FORMAT);
      expect(plain.format).toBe(PLAIN_LINEAR_MODEL_FORMAT);
      expect(typeof packed.weights.base64).toBe('string');
      // One array, feature-major: every label's weight of a feature together.
      expect(packed.weights.length).toBe(plain.vocabulary.length * plain.labels.length);
      expect(predictions(packed)).toEqual(predictions(plain));
      expect(predictions(rowPacked)).toEqual(predictions(plain));
    });

    it('predict the same whatever order the vocabulary is stored in', () => {
      // Training writes it in increasing order (the fast path at load); a file in another order must agree.
      const reversed = <T>(xs: readonly T[]) => xs.slice().reverse();
      const shuffled = {
        ...plain,
        vocabulary: reversed(plain.vocabulary),
        idf: reversed(plain.idf),
        weights: plain.weights.map(reversed),
      };
      expect(predictions(shuffled)).toEqual(predictions(plain));
      expect(predictions(packLinearTopicModel(shuffled))).toEqual(predictions(plain));
    });

    it('refuse packed arrays that are corrupt, truncated or inconsistent, saying which', () => {
      const refused = (data: unknown, reason: RegExp) => {
        expect(() => topicModelFromJson(data)).toThrow(InvalidTopicModelError);
        expect(() => topicModelFromJson(data)).toThrow(reason);
      };
      refused(
        { ...packed, weights: { ...packed.weights, base64: `#${packed.weights.base64.slice(1)}` } },
        /weights is not valid base64/,
      );
      const row = rowPacked.weights[0];
      if (row === undefined) throw new Error('no weights');
      refused(
        { ...rowPacked, weights: [{ ...row, base64: `#${row.base64.slice(1)}` }] },
        /weights\[0\] is not valid base64/,
      );
      refused({ ...packed, idf: { ...packed.idf, length: packed.idf.length + 1 } }, /idf holds \d+ bytes/);
      refused(
        { ...packed, idf: packLinearTopicModel({ ...plain, idf: plain.idf.slice(1) }).idf },
        /inconsistent$/,
      );
      refused(
        { ...packed, weights: packLinearTopicModel({ ...plain, weights: plain.weights.slice(1) }).weights },
        /inconsistent$/,
      );
      refused({ ...rowPacked, weights: rowPacked.weights.slice(1) }, /inconsistent$/);
      refused({ ...rowPacked, weights: row }, /weights is not an array/);
      refused({ ...packed, vocabulary: plain.vocabulary }, /vocabulary is not packed numbers/);
      refused({ ...packed, vocabulary: packed.idf }, /vocabulary must be packed as integers/);
      refused({ ...plain, weights: packed.weights }, /inconsistent$/);
      refused({ ...packed, format: 'linear-tfidf-svm/9' }, /unknown topic model format/);
    });
  });
});
