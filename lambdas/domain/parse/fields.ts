/**
 * Field names and header labels the parser reads metadata from. This is data:
 * to accept another scraper's or outlet's naming, add it here.
 */

/** The article parts metadata can name. */
export type MetadataField = 'title' | 'body' | 'date' | 'url' | 'source' | 'lang';

/**
 * JSON field names per part, in order of preference (scraper output: news-please,
 * newspaper, trafilatura, schema.org). Matched case-insensitively.
 */
export const JSON_FIELDS: Readonly<Record<MetadataField, readonly string[]>> = {
  title: ['title', 'headline', 'name'],
  body: ['text', 'maintext', 'body', 'content', 'articleBody', 'article_text', 'raw_text', 'fulltext'],
  date: [
    'date',
    'date_publish',
    'published',
    'datePublished',
    'published_at',
    'publish_date',
    'publishedAt',
    'pubDate',
    'date_published',
    'created_at',
  ],
  url: ['url', 'link', 'canonical_url', 'source_url'],
  source: ['source', 'source_domain', 'site_name', 'sitename', 'publisher', 'outlet', 'hostname'],
  lang: ['lang', 'language', 'inLanguage', 'locale'],
};

/**
 * Labels of a header block at the top of a text file (`Title: …` / `Date: …`),
 * per part, in en/de/ru. Matched case-insensitively, followed by a colon.
 */
export const HEADER_LABELS: Readonly<Record<MetadataField, readonly string[]>> = {
  title: ['Title', 'Headline', 'Titel', 'Überschrift', 'Schlagzeile', 'Заголовок', 'Название'],
  body: [],
  date: ['Date', 'Published', 'Datum', 'Veröffentlicht', 'Дата', 'Опубликовано'],
  source: ['Source', 'Outlet', 'Publisher', 'Quelle', 'Medium', 'Источник', 'Издание'],
  url: ['URL', 'Link', 'Ссылка'],
  lang: ['Lang', 'Language', 'Sprache', 'Язык'],
};

/** Front-matter keys (Markdown YAML) per part. Matched case-insensitively. */
export const FRONT_MATTER_KEYS: Readonly<Record<MetadataField, readonly string[]>> = {
  title: ['title', 'headline'],
  body: [],
  date: ['date', 'published', 'datePublished', 'publishDate', 'pubDate'],
  source: ['source', 'site_name', 'publisher', 'outlet'],
  url: ['url', 'link', 'canonical'],
  lang: ['lang', 'language', 'locale'],
};

/** schema.org types whose JSON-LD describes the article of an HTML page. */
export const JSON_LD_ARTICLE_TYPES: readonly string[] = [
  'NewsArticle',
  'Article',
  'ReportageNewsArticle',
  'AnalysisNewsArticle',
  'OpinionNewsArticle',
  'BackgroundNewsArticle',
  'ReviewNewsArticle',
  'BlogPosting',
  'Report',
];

/** Language names that metadata sometimes gives instead of a code, lower case. */
export const LANGUAGE_NAMES: Readonly<Record<string, string>> = {
  english: 'en',
  englisch: 'en',
  английский: 'en',
  german: 'de',
  deutsch: 'de',
  немецкий: 'de',
  russian: 'ru',
  russisch: 'ru',
  русский: 'ru',
  ukrainian: 'uk',
  ukrainisch: 'uk',
  украинский: 'uk',
};
