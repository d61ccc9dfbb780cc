/**
 * Loads a topic model file (JSON) from disk: used by the CLI and by a
 * deployment that points the classifier at a user-trained model.
 */
import { readFileSync } from 'node:fs';
import type { TopicModel } from '../embedded-classifier';
import { InvalidTopicModelError } from './linear-model';
import { topicModelFromJson } from './model-json';

export function loadTopicModelFromFile(path: string): TopicModel {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new InvalidTopicModelError(`cannot read topic model ${path}: ${(err as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new InvalidTopicModelError(`topic model ${path} is not valid JSON`);
  }
  return topicModelFromJson(data, text);
}
