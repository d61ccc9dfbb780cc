/**
 * A known set of articles for the dashboard test, written by our team: each
 * with its topics, alignment, source, language, publication date and the
 * stance evidence phrases (offsets are computed from the text here).
 */
import type { ParsedArticle } from '../../lambdas/domain/article';
import { type ArticleRecord, buildArticleRecord } from '../../lambdas/domain/article-record';
import type {
  AlignmentLabel,
  Classification,
  Evidence,
  StanceLabel,
  TargetStance,
} from '../../lambdas/domain/classification';

export const TARGETS = ['russia', 'ukraine', 'west'] as const;
export type Target = (typeof TARGETS)[number];

interface Cue {
  readonly phrase: string;
  readonly field?: 'title' | 'text';
  readonly weight: number;
  readonly cue: string;
}

export interface DashboardArticleSpec {
  readonly title: string;
  readonly lead?: string;
  readonly body: string;
  readonly date: string;
  readonly language: 'de' | 'en' | 'ru';
  readonly source: string;
  readonly topics: readonly string[];
  readonly alignment: AlignmentLabel;
  readonly stance?: Partial<Record<Target, { readonly label: StanceLabel; readonly cues: readonly Cue[] }>>;
}

export const SPECS: readonly DashboardArticleSpec[] = [
  {
    title: 'Kremlin propaganda cannot hide the toll of the war',
    lead: "Two years on, the cost of Russia's illegal invasion keeps rising for families on both sides.",
    body: 'Officials in Kyiv said the country had defended its sovereignty through a harsh winter. Aid groups asked for more generators before the next cold spell.',
    date: '2024-01-09',
    language: 'en',
    source: 'bbc.co.uk',
    topics: ['politics', 'conflict'],
    alignment: 'pro_western',
    stance: {
      russia: {
        label: 'against',
        cues: [
          { phrase: 'Kremlin propaganda', field: 'title', weight: -2, cue: 'loaded-term' },
          { phrase: 'illegal invasion', weight: -2.5, cue: 'loaded-term' },
        ],
      },
      ukraine: {
        label: 'favor',
        cues: [{ phrase: 'defended its sovereignty', weight: 1.5, cue: 'framing' }],
      },
    },
  },
  {
    title: 'Moskau legt neue Friedensinitiative vor',
    body: 'Der Kreml präsentierte am Montag eine Friedensinitiative. Kommentatoren sprachen von einer westlichen Eskalation, die jede Einigung erschwere.',
    date: '2024-01-15',
    language: 'de',
    source: 'rt.de',
    topics: ['politics'],
    alignment: 'pro_kremlin',
    stance: {
      russia: { label: 'favor', cues: [{ phrase: 'Friedensinitiative', weight: 1.5, cue: 'framing' }] },
      west: { label: 'against', cues: [{ phrase: 'westlichen Eskalation', weight: -2, cue: 'loaded-term' }] },
    },
  },
  {
    title: 'Grain exports edge higher as shipping insurance eases',
    body: 'Exports through the Black Sea rose for a third month, according to the ministry. Traders expect prices to stay flat until spring.',
    date: '2024-01-22',
    language: 'en',
    source: 'reuters.com',
    topics: ['economy'],
    alignment: 'balanced',
    stance: {
      russia: {
        label: 'neutral',
        cues: [{ phrase: 'according to the ministry', weight: 0.2, cue: 'reported-speech' }],
      },
    },
  },
  {
    title: 'Минобороны сообщило о ходе операции',
    body: 'В ходе специальной военной операции подразделения заняли новые позиции. Официальный представитель назвал действия киевского режима провокацией.',
    date: '2024-02-03',
    language: 'ru',
    source: 'ria.ru',
    topics: ['conflict'],
    alignment: 'pro_kremlin',
    stance: {
      russia: {
        label: 'favor',
        cues: [{ phrase: 'специальной военной операции', weight: 2, cue: 'adopted-claim' }],
      },
      ukraine: { label: 'against', cues: [{ phrase: 'киевского режима', weight: -2.5, cue: 'loaded-term' }] },
    },
  },
  {
    title: 'Late winner sends the home side top of the league',
    body: 'A header in stoppage time decided a tight match. The coach praised the patience of his young squad.',
    date: '2024-02-10',
    language: 'en',
    source: 'bbc.co.uk',
    topics: ['sport'],
    alignment: 'not_applicable',
  },
  {
    title: 'Bundestag debattiert über weitere Hilfen',
    body: 'Zwei Jahre nach Beginn des russischen Angriffskriegs berieten die Abgeordneten über neue Kredite. Die Opposition verlangte einen klaren Finanzplan.',
    date: '2024-02-18',
    language: 'de',
    source: 'tagesschau.de',
    topics: ['politics', 'economy'],
    alignment: 'pro_western',
    stance: {
      russia: { label: 'against', cues: [{ phrase: 'Angriffskriegs', weight: -2, cue: 'loaded-term' }] },
    },
  },
  {
    title: 'Clinics report a milder flu season than feared',
    body: 'Hospital admissions stayed below last year. Doctors still urged older patients to get vaccinated.',
    date: '2024-02-25',
    language: 'en',
    source: 'reuters.com',
    topics: ['health'],
    alignment: 'not_applicable',
  },
  {
    title: 'Experten warnen vor NATO-Expansion',
    body: 'Das Kiewer Regime setze weiter auf Waffenlieferungen, hieß es. Die NATO-Expansion bedrohe die Sicherheit in Europa.',
    date: '2024-03-02',
    language: 'de',
    source: 'rt.de',
    topics: ['conflict', 'politics'],
    alignment: 'pro_kremlin',
    stance: {
      ukraine: { label: 'against', cues: [{ phrase: 'Kiewer Regime', weight: -2.5, cue: 'loaded-term' }] },
      west: {
        label: 'against',
        cues: [{ phrase: 'NATO-Expansion', field: 'title', weight: -1.5, cue: 'framing' }],
      },
    },
  },
  {
    title: 'Record crowd watches the cup final in the rain',
    body: 'More than eighty thousand fans saw the underdogs win on penalties. The final whistle came just before midnight.',
    date: '2024-03-09',
    language: 'en',
    source: 'bbc.co.uk',
    topics: ['sport'],
    alignment: 'not_applicable',
  },
  {
    title: 'Investigators document new evidence of war crimes',
    body: 'A team of prosecutors described war crimes in occupied villages. Ukrainian defenders held the line further east.',
    date: '2024-03-14',
    language: 'en',
    source: 'theguardian.com',
    topics: ['conflict'],
    alignment: 'pro_western',
    stance: {
      russia: { label: 'against', cues: [{ phrase: 'war crimes', weight: -2, cue: 'loaded-term' }] },
      ukraine: { label: 'favor', cues: [{ phrase: 'Ukrainian defenders', weight: 1.5, cue: 'framing' }] },
    },
  },
  {
    title: 'Дипломаты обсудили новые санкции',
    body: 'Коллективный Запад снова ввёл ограничения. В МИД назвали меры бессмысленными.',
    date: '2024-03-20',
    language: 'ru',
    source: 'ria.ru',
    topics: ['politics'],
    alignment: 'pro_kremlin',
    stance: {
      west: { label: 'against', cues: [{ phrase: 'Коллективный Запад', weight: -1.5, cue: 'loaded-term' }] },
    },
  },
  {
    title: 'Central bank holds rates and signals patience',
    body: 'The bank kept its key rate unchanged, citing sticky services inflation. Analysts said Moscow and Kyiv both face tighter budgets.',
    date: '2024-03-27',
    language: 'en',
    source: 'reuters.com',
    topics: ['economy'],
    alignment: 'balanced',
    stance: {
      russia: { label: 'neutral', cues: [{ phrase: 'Moscow', weight: 0.1, cue: 'mention' }] },
      ukraine: { label: 'neutral', cues: [{ phrase: 'Kyiv', weight: 0.1, cue: 'mention' }] },
    },
  },
];

export const analysedTextOf = (spec: Pick<DashboardArticleSpec, 'lead' | 'body'>): string =>
  spec.lead ? `${spec.lead}\n\n${spec.body}` : spec.body;

function evidenceOf(spec: DashboardArticleSpec, cue: Cue): Evidence {
  const field = cue.field ?? 'text';
  const text = field === 'title' ? spec.title : analysedTextOf(spec);
  const start = text.indexOf(cue.phrase);
  if (start < 0) throw new Error(`Fixture phrase "${cue.phrase}" is not in the ${field} of "${spec.title}"`);
  return {
    phrase: cue.phrase,
    field,
    start,
    end: start + cue.phrase.length,
    sentence: 0,
    weight: cue.weight,
    cue: cue.cue,
  };
}

export function recordOf(spec: DashboardArticleSpec, index: number): ArticleRecord {
  const article: ParsedArticle = {
    title: spec.title,
    lead: spec.lead,
    body: spec.body,
    date: spec.date,
    datePrecision: 'day',
    relatedHeadlines: [],
    language: spec.language,
    wordCount: `${spec.title} ${analysedTextOf(spec)}`.split(/\s+/).length,
    source: spec.source,
    format: 'plain',
  };
  const stance = Object.fromEntries(
    TARGETS.map((target): [string, TargetStance] => {
      const s = spec.stance?.[target];
      return [
        target,
        s
          ? { label: s.label, score: 0.8, evidence: s.cues.map((c) => evidenceOf(spec, c)) }
          : { label: 'none', score: 0.9, evidence: [] },
      ];
    }),
  );
  const classification: Classification = {
    language: spec.language,
    topics: spec.topics.map((slug, i) => ({ slug, score: 0.9 - i * 0.2 })),
    stance,
    alignment: { label: spec.alignment, score: 0.75 },
    classifier: { name: 'dashboard-fixture', version: 'fixture-1' },
  };
  return buildArticleRecord({
    ref: {
      bucket: 'news-drop',
      key: `incoming/${spec.source}/article-${index}.txt`,
      versionId: 'v1',
      etag: 'e1',
    },
    article,
    classification,
    source: spec.source,
    now: '2024-04-02T09:00:00.000Z',
  });
}

/** Brute-force expectations straight from the specs: per topic with articles in `months`, its count per month. */
export function expectedTopicSeries(months: readonly string[]): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const spec of SPECS) {
    const at = months.indexOf(spec.date.slice(0, 7));
    if (at < 0) continue;
    for (const topic of spec.topics) {
      out[topic] ??= months.map(() => 0);
      (out[topic] as number[])[at] = ((out[topic] as number[])[at] ?? 0) + 1;
    }
  }
  return out;
}

export function expectedStance(target: Target, label: StanceLabel, months: readonly string[]): number[] {
  return months.map(
    (month) => SPECS.filter((s) => s.date.startsWith(month) && s.stance?.[target]?.label === label).length,
  );
}

/** Titles, newest first, of the articles a predicate keeps. */
export const titlesWhere = (keep: (spec: DashboardArticleSpec) => boolean): string[] =>
  SPECS.filter(keep)
    .sort((a, b) => b.date.localeCompare(a.date))
    .map((s) => s.title);
