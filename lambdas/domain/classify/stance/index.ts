/**
 * The stance half of the embedded classifier. The default model reads the
 * targets in `models/targets.json` and the shared cues in
 * `models/stance/cues.json`; both are bundled by esbuild and compiled once.
 */
import defaultCues from '../../../../models/stance/cues.json';
import defaultPrior from '../../../../models/stance/prior.json';
import defaultTargets from '../../../../models/targets.json';
import type { StanceModel } from '../embedded-classifier';
import type { CuesFile, StanceModelConfig, TargetsFile } from './stance-config';
import { createStanceModel } from './stance-model';

export type {
  CuesFile,
  LanguageCues,
  StanceModelConfig,
  StanceScoring,
  TargetConfig,
  TargetLexicon,
  TargetsFile,
  WeightedTerms,
} from './stance-config';
export { StanceConfigError, validateStanceConfig } from './stance-config';
export { contentHash, createStanceModel } from './stance-model';
export type { PriorMargins, StancePrior, StanceTrainingExample } from './stance-prior';
export { createStancePrior, trainStancePrior } from './stance-prior';

/** The bundled configuration: default targets (russia, ukraine, west), cue lexicons and the trained prior. */
export const DEFAULT_STANCE_CONFIG: StanceModelConfig = {
  targets: defaultTargets as unknown as TargetsFile,
  cues: defaultCues as unknown as CuesFile,
  prior: defaultPrior as unknown,
};

let defaultModel: StanceModel | undefined;

/** The stance model built from the bundled configuration, compiled on first use and then shared. */
export function loadDefaultStanceModel(): StanceModel {
  defaultModel ??= createStanceModel(DEFAULT_STANCE_CONFIG);
  return defaultModel;
}
