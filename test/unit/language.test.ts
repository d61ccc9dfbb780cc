import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { detectLanguage } from '../../lambdas/domain/language';

describe('detectLanguage', () => {
  it.each([
    ['de', 'Die Regierung hat am Montag erklärt, dass sie sich nicht zu dem Bericht äußern wird.'],
    ['en', 'The government said on Monday that it would not comment on the report.'],
    ['ru', 'Правительство заявило в понедельник, что не будет комментировать доклад.'],
    ['uk', 'Уряд заявив у понеділок, що не коментуватиме цю доповідь і її висновки.'],
  ])('detects %s', (lang, text) => {
    expect(detectLanguage(text)).toBe(lang);
  });

  it('detects the shared German sample', () => {
    const sample = readFileSync(
      path.resolve(__dirname, '../../../shared/samples/000_f2541a07a88647a1.txt'),
      'utf8',
    );
    expect(detectLanguage(sample)).toBe('de');
  });

  it('matches function words in any letter case, umlauts included', () => {
    expect(detectLanguage('ÜBER DEN FLUSS UND FÜR DIE STADT IST ES NICHT WEIT')).toBe('de');
    expect(detectLanguage('THE REPORT WAS NOT WHAT THEY HAD EXPECTED FROM IT')).toBe('en');
  });

  it('breaks a tie in function words in favour of the language met first', () => {
    expect(detectLanguage('Und the Moskau')).toBe('de');
    expect(detectLanguage('The und Moskau')).toBe('en');
  });

  it('reports other languages and non-text as undetermined rather than guessing', () => {
    expect(
      detectLanguage("Le gouvernement a déclaré lundi qu'il ne ferait pas de commentaire sur la question."),
    ).toBe('und');
    expect(detectLanguage('12345 !!! ...')).toBe('und');
    expect(detectLanguage('')).toBe('und');
  });
});
