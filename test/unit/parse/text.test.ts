/**
 * normaliseText and countControlCharacters skip work when a quick check shows
 * there is none to do; these tests hold them to the plain definitions.
 */
import fc from 'fast-check';
import { countControlCharacters, normaliseText } from '../../../lambdas/domain/parse/text';

const isDisallowedControl = (code: number): boolean =>
  code <= 0x08 || (code >= 0x0e && code <= 0x1f) || (code >= 0x7f && code <= 0x9f && code !== 0x85);

/** The definition, step by step, without shortcuts. */
function referenceNormalise(text: string): string {
  let stripped = '';
  const unified = text.replace(/^\uFEFF/, '').replace(/\r\n?|[\u0085\u2028\u2029\v\f]/g, '\n');
  for (let i = 0; i < unified.length; i++) {
    const code = unified.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = unified.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        stripped += unified.slice(i, i + 2);
        i++;
      } else stripped += '\uFFFD';
    } else if (code >= 0xdc00 && code <= 0xdfff) stripped += '\uFFFD';
    else if (!isDisallowedControl(code)) stripped += unified[i];
  }
  return stripped
    .normalize('NFC')
    .replace(/[^\S\n\u00a0\u202f]{2,}|[^\S \n\u00a0\u202f]/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const PIECES = [
  'Wort',
  'ёж',
  'e\u0301',
  ' ',
  '  ',
  '\t',
  '\n',
  '\n\n\n',
  '\r\n',
  '\r',
  '\u0085',
  '\u2028',
  '\v',
  '\u00a0',
  '\u202f',
  '\u3000',
  '\ufeff',
  '\u0000',
  '\u0007',
  '\u009f',
  '\ud800',
  '\udc00',
  '\ud83d\ude00',
];
const text = fc
  .array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ unit: 'binary', maxLength: 4 })), { maxLength: 30 })
  .map((parts) => parts.join(''));

describe('normaliseText', () => {
  it('trims lines whether or not any line edge has white space', () => {
    expect(normaliseText('Titel\n\nErster Absatz.\nZweite Zeile.')).toBe(
      'Titel\n\nErster Absatz.\nZweite Zeile.',
    );
    expect(normaliseText('  Titel \n \t\n\n\n Absatz\u00a0\n')).toBe('Titel\n\nAbsatz');
  });

  it('equals the step-by-step definition', () => {
    fc.assert(
      fc.property(text, (t) => normaliseText(t) === referenceNormalise(t)),
      { numRuns: 3000 },
    );
  });
});

describe('countControlCharacters', () => {
  it('counts exactly the disallowed controls', () => {
    const wrong: number[] = [];
    for (let code = 0; code < 0x10000; code++) {
      const s = `a${String.fromCharCode(code)}b`;
      if (countControlCharacters(s) !== (isDisallowedControl(code) ? 1 : 0)) wrong.push(code);
    }
    expect(wrong).toEqual([]);
    expect(countControlCharacters('\u0001x\u0085\u009f\u007f')).toBe(3);
  });
});
