/**
 * normaliseText, countControlCharacters and countWords skip work when a quick
 * check shows there is none to do, or count with tables and bit arithmetic;
 * these tests hold them to the plain definitions.
 */
import fc from 'fast-check';
import { countControlCharacters, countWords, normaliseText } from '../../../lambdas/domain/parse/text';

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

/** Mostly text that needs no normalising, so that its quick check is what decides. */
const CLEAN_PIECES = [
  'Wort',
  'ёж',
  'Straße',
  '«Zitat»',
  '–',
  '…',
  '’',
  '©',
  '€',
  '.',
  ' ',
  '\n',
  '\n\n',
  '\u00a0',
];
const nearlyNormalised = fc
  .array(
    fc.oneof(
      { weight: 20, arbitrary: fc.constantFrom(...CLEAN_PIECES) },
      { weight: 1, arbitrary: fc.constantFrom(...PIECES) },
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(''));

const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
const MARK = /^\p{M}$/u;

/**
 * Word count by the definition, one character at a time: letters and digits
 * start or continue a word, combining marks continue one, and an apostrophe
 * continues one when the next code unit is a letter or digit.
 */
function referenceCountWords(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; ) {
    const ch = String.fromCodePoint(text.codePointAt(i) as number);
    i += ch.length;
    if (LETTER_OR_DIGIT.test(ch)) {
      if (!inWord) words++;
      inWord = true;
    } else if (MARK.test(ch)) {
      // A mark continues a word, but starts none.
    } else if (!(inWord && (ch === "'" || ch === '\u2019') && LETTER_OR_DIGIT.test(text[i] ?? ''))) {
      inWord = false;
    }
  }
  return words;
}

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

  it('equals the step-by-step definition on text that is nearly normalised already', () => {
    fc.assert(
      fc.property(nearlyNormalised, (t) => normaliseText(t) === referenceNormalise(t)),
      { numRuns: 3000 },
    );
  });

  it('applies NFC to characters of the common blocks that it changes', () => {
    // Ohm, Kelvin and Angstrom signs, Greek question mark and ano teleia, a combining acute accent.
    expect(normaliseText('10 \u2126, 300 \u212a, 1 \u212b; Ti\u037e \u0387 Cafe\u0301')).toBe(
      '10 \u03a9, 300 K, 1 \u00c5; Ti; \u00b7 Caf\u00e9',
    );
    // Outside the common blocks: a CJK compatibility ideograph, Hangul jamo that compose.
    expect(normaliseText('\uf900 \u1100\u1161')).toBe('\u8c48 \uac00');
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

describe('countWords', () => {
  const WORD_PIECES = [
    'Wort',
    'ёж',
    '42',
    ' ',
    "'",
    '\u2019',
    'e\u0301',
    '\u0301',
    '-',
    '\ud835\udc00',
    '\ud83d\ude00',
  ];
  const words = fc
    .array(
      fc.oneof(fc.constantFrom(...WORD_PIECES, ...PIECES), fc.string({ unit: 'binary', maxLength: 3 })),
      { maxLength: 30 },
    )
    .map((parts) => parts.join(''));

  it('equals the per-character definition', () => {
    fc.assert(
      fc.property(words, (t) => countWords(t) === referenceCountWords(t)),
      { numRuns: 5000 },
    );
  });
});
