/**
 * The classifier that ships with the project: the bundled topic model and the
 * bundled stance model with the default targets (russia, ukraine, west).
 */
import type { Classifier } from '../classification';
import { EmbeddedClassifier } from './embedded-classifier';
import { loadDefaultStanceModel } from './stance';
import { loadDefaultTopicModel } from './topics';

export const createDefaultClassifier = (): Classifier =>
  new EmbeddedClassifier(loadDefaultTopicModel(), loadDefaultStanceModel());
