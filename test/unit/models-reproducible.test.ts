/**
 * The shipped models are built, deterministically, from sources in the
 * repository (`npm run build:model`): a committed model that differs from a
 * rebuild means someone edited a model by hand or forgot to rebuild it.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildDefaultTopicModel } from '../../scripts/build-model';
import { buildStancePrior } from '../../scripts/build-stance-model';

const MODELS = path.resolve(__dirname, '..', '..', 'models');

describe('shipped models', () => {
  it('the topic model is what training/topics/ builds', () => {
    expect(
      buildDefaultTopicModel() === readFileSync(path.join(MODELS, 'topics', 'iptc-topics.json'), 'utf8'),
    ).toBe(true);
  });

  it('the stance prior is what training/stance/ builds', () => {
    expect(buildStancePrior() === readFileSync(path.join(MODELS, 'stance', 'prior.json'), 'utf8')).toBe(true);
  }, 30_000);
});
