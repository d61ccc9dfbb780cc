/**
 * How the parser splits text into title, lead, credit, body and related
 * headlines, for the sample format's variants and for plain text.
 */
import type { ParsedArticle, ParseResult } from '../../../lambdas/domain/article';
import { countWords, parseArticle } from '../../../lambdas/domain/parse';

function article(result: ParseResult): ParsedArticle {
  if (!result.ok) throw new Error(`rejected: ${result.rejection.code} ${result.rejection.reason}`);
  return result.article;
}

const sample = (header: string, body: string) =>
  `${header}\n\nDer erste Absatz fasst alles zusammen.\n\nQuelle: Agentur © Anna Muster\n\n${body}\n`;

describe('sample format header', () => {
  it('accepts the header without the leading space', () => {
    const a = article(parseArticle(sample('date 2024-03 Ein Titel', 'Der Text des Artikels.')));
    expect(a).toMatchObject({
      format: 'sample',
      date: '2024-03',
      datePrecision: 'month',
      title: 'Ein Titel',
    });
  });

  it('reads a YYYY-MM-DD date with day precision', () => {
    const a = article(parseArticle(sample(' date 2024-03-12 Ein Titel', 'Der Text des Artikels.')));
    expect(a).toMatchObject({ date: '2024-03-12', datePrecision: 'day', title: 'Ein Titel' });
  });

  it.each(['2024-13', '2024-00', '2023-02-29', '2024-04-31'])(
    'never reports the impossible date %s',
    (date) => {
      const a = article(parseArticle(sample(` date ${date} Ein Titel`, 'Der Text des Artikels.')));
      expect(a.date).toBeUndefined();
      expect(a.datePrecision).toBeUndefined();
      expect(a.title).toBe('Ein Titel');
    },
  );

  it('accepts a leap day', () => {
    expect(article(parseArticle(sample(' date 2024-02-29 Ein Titel', 'Text.'))).date).toBe('2024-02-29');
  });

  it('takes the next line as the title when the header has none', () => {
    const a = article(parseArticle(' date 2024-03\nDer Titel\nDer erste Satz.\n\nDer zweite Absatz.'));
    expect(a).toMatchObject({ date: '2024-03', title: 'Der Titel' });
    expect(a.body).toContain('Der zweite Absatz.');
  });

  it('handles CRLF and CR line endings like LF', () => {
    const lf = sample(' date 2024-03 Ein Titel', 'Absatz eins.\n\nAbsatz zwei. Mehr zum Thema – Noch etwas');
    const crlf = article(parseArticle(lf.replace(/\n/g, '\r\n')));
    expect(article(parseArticle(lf.replace(/\n/g, '\r')))).toEqual(crlf);
    expect(crlf).toEqual(article(parseArticle(lf)));
    expect(crlf.body).toBe('Absatz eins.\n\nAbsatz zwei.');
    expect(crlf.relatedHeadlines).toEqual(['Noch etwas']);
  });
});

describe('credit line and related headlines', () => {
  it.each([
    ['Quelle: Agentur © A. Muster', 'Agentur © A. Muster'],
    ['Source: Reuters © J. Doe', 'Reuters © J. Doe'],
    ['Photo: AP © J. Doe', 'AP © J. Doe'],
    ['Источник: ТАСС © И. Иванов', 'ТАСС © И. Иванов'],
    ['Фото: РИА Новости', 'РИА Новости'],
  ])('takes the credit from "%s" without its label', (line, credit) => {
    const a = article(parseArticle(` date 2024-03 T\n\nLead.\n\n${line}\n\nBody text.`));
    expect(a.photoCredit).toBe(credit);
    expect(a.lead).toBe('Lead.');
    expect(a.body).toBe('Body text.');
  });

  it.each([
    ['Mehr zum Thema – Schlagzeile', 'en dash'],
    ['Mehr zum Thema — Schlagzeile', 'em dash'],
    ['Mehr zum Thema - Schlagzeile', 'hyphen'],
    ['More on the topic – Schlagzeile', 'English label'],
    ['Read more: Schlagzeile', 'English "Read more:"'],
    ['Больше по теме – Schlagzeile', 'Russian label'],
    ['Ещё по теме — Schlagzeile', 'Russian "Ещё по теме"'],
  ])('removes "%s" (%s) glued to the last paragraph', (glued) => {
    const a = article(parseArticle(sample(' date 2024-03 T', `Der letzte Satz. ${glued}`)));
    expect(a.relatedHeadlines).toEqual(['Schlagzeile']);
    expect(a.body).toBe('Der letzte Satz.');
  });

  it('collects several related headlines, on their own lines or glued', () => {
    const body = [
      'Erster Absatz.',
      'Zweiter Absatz. Mehr zum Thema – Eins – mit Strich',
      'Mehr zum Thema – Zwei\nMehr zum Thema – Drei Mehr zum Thema – Vier',
    ].join('\n\n');
    const a = article(parseArticle(sample(' date 2024-03 T', body)));
    expect(a.relatedHeadlines).toEqual(['Eins – mit Strich', 'Zwei', 'Drei', 'Vier']);
    expect(a.body).toBe('Erster Absatz.\n\nZweiter Absatz.');
  });

  it('leaves the label phrase alone inside a sentence', () => {
    const text = sample(' date 2024-03 T', 'Er sagte, mehr zum Thema – so hieß es – wisse er nicht.');
    const a = article(parseArticle(text));
    expect(a.relatedHeadlines).toEqual([]);
    expect(a.body).toContain('mehr zum Thema');
  });

  it('does not mistake a long sentence starting with "Source:" for a credit', () => {
    const long = `Source: ${'the ministry said that the figures would be revised again later this year. '.repeat(5)}`;
    const a = article(parseArticle(` date 2024-03 T\n\nLead.\n\n${long.trim()}\n\nMore text.`));
    expect(a.photoCredit).toBeUndefined();
  });

  it('uses the lead as the body when nothing follows the credit line', () => {
    const a = article(parseArticle(' date 2024-03 T\n\nDer einzige Absatz.\n\nQuelle: Foto © X'));
    expect(a).toMatchObject({ body: 'Der einzige Absatz.', photoCredit: 'Foto © X' });
    expect(a.lead).toBeUndefined();
  });

  it('keeps paragraph breaks in the body as blank lines', () => {
    const a = article(parseArticle(sample(' date 2024-03 T', 'Eins.\n\n\n\nZwei.\nZwei b.\n\nDrei.')));
    expect(a.body).toBe('Eins.\n\nZwei.\nZwei b.\n\nDrei.');
  });
});

describe('plain text without a header', () => {
  it('takes the first non-empty line as the title and the rest as body', () => {
    const a = article(parseArticle('\n\n  Ein schlichter Titel  \nDer einzige Absatz des Textes.\n'));
    expect(a).toMatchObject({
      format: 'plain',
      title: 'Ein schlichter Titel',
      body: 'Der einzige Absatz des Textes.',
    });
    expect(a.lead).toBeUndefined();
    expect(a.date).toBeUndefined();
    expect(a.relatedHeadlines).toEqual([]);
  });

  it('makes the first paragraph the lead only when more paragraphs follow', () => {
    const a = article(
      parseArticle('Title\n\nThe lead paragraph.\n\nThe body, first part.\n\nThe body, second part.'),
    );
    expect(a.lead).toBe('The lead paragraph.');
    expect(a.body).toBe('The body, first part.\n\nThe body, second part.');
    expect(a.language).toBe('en');
  });

  it('shortens an over-long first line to its first sentence for the title and keeps the line in the body', () => {
    const line = `The council approved the budget on Monday after a long debate. ${'It said more. '.repeat(30)}`;
    const a = article(parseArticle(line));
    expect(a.title).toBe('The council approved the budget on Monday after a long debate.');
    expect(a.body.startsWith('The council approved')).toBe(true);
  });

  it('detects Russian', () => {
    const a = article(
      parseArticle('Заголовок новости\n\nВ Москве сегодня прошёл снег, это было неожиданно для всех.'),
    );
    expect(a.language).toBe('ru');
  });
});

describe('word count', () => {
  it('counts letter and digit runs in any script', () => {
    expect(countWords('Die Su-24 flog 2024 über Kiew.')).toBe(7);
    expect(countWords('Москва, 12 марта — снег!')).toBe(4);
    expect(countWords("It's Jürgen's turn")).toBe(3);
    expect(countWords(' – … © ')).toBe(0);
    expect(countWords('Bru\u0308cke 𝐀𝐁 😀 中文')).toBe(3);
    expect(countWords("rock 'n' roll'")).toBe(3);
  });

  it('counts title, lead and body together', () => {
    const a = article(parseArticle('Eins zwei\n\nDrei vier fünf.\n\nSechs.'));
    expect(a.wordCount).toBe(6);
  });
});
