import {
  InvalidTopicModelError,
  TrainingDataError,
  topicModelFromJson,
  trainLinearTopicModel,
} from '../../../../lambdas/domain/classify/topics';

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
});
