/**
 * The embedded classifier: a topic model and a stance model, both pure data
 * loaded once at init, composed behind the `Classifier` interface.
 */
import type { LanguageCode } from '../article';
import type {
  Alignment,
  Classification,
  Classifier,
  ClassifierInfo,
  ClassifierInput,
  TargetStance,
  TopicScore,
} from '../classification';
import { detectLanguage } from '../language';

export interface TopicModel {
  /** Content hash of the model data; part of the classifier version. */
  readonly version: string;
  /** Topics with scores in [0,1], primary first; empty when nothing is confident. */
  predict(input: {
    readonly title?: string;
    readonly text: string;
    readonly lang: LanguageCode;
  }): TopicScore[];
}

export interface StanceResult {
  readonly stance: Readonly<Record<string, TargetStance>>;
  readonly alignment: Alignment;
}

export interface StanceModel {
  /** Content hash of the lexicons and target configuration; part of the classifier version. */
  readonly version: string;
  readonly targets: readonly string[];
  predict(input: {
    readonly title?: string;
    readonly text: string;
    readonly lang: LanguageCode;
    readonly topics: readonly TopicScore[];
  }): StanceResult;
}

export const CLASSIFIER_NAME = 'embedded-lexicon';

export class EmbeddedClassifier implements Classifier {
  readonly info: ClassifierInfo;

  constructor(
    private readonly topicModel: TopicModel,
    private readonly stanceModel: StanceModel,
    name: string = CLASSIFIER_NAME,
  ) {
    this.info = { name, version: `${topicModel.version}.${stanceModel.version}` };
  }

  classify(input: ClassifierInput): Classification {
    const lang = input.lang ?? detectLanguage(`${input.title ?? ''}\n${input.text}`);
    const topics = this.topicModel.predict({ title: input.title, text: input.text, lang });
    const { stance, alignment } = this.stanceModel.predict({
      title: input.title,
      text: input.text,
      lang,
      topics,
    });
    return { language: lang, topics, stance, alignment, classifier: this.info };
  }
}
