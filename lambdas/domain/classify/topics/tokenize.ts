/**
 * Word tokenisation shared by the topic models: lower-cased runs of letters
 * and digits (any script), so German, English and Russian need no special
 * casing. `ё` is folded to `е`, as Russian text mixes the two freely.
 * A hand-written scanner: it is the hot loop of topic classification.
 */

const OTHER_WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;

function isWordChar(c: number, text: string, i: number): boolean {
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a);
  if (c >= 0x400 && c <= 0x4ff) return true; // Cyrillic
  if (c >= 0xc0 && c <= 0x24f) return c !== 0xd7 && c !== 0xf7; // Latin-1 and Latin Extended letters
  // Astral characters (rare): judge the whole surrogate pair.
  if (c >= 0xd800 && c <= 0xdbff) return OTHER_WORD_CHAR.test(text.slice(i, i + 2));
  if (c >= 0xdc00 && c <= 0xdfff) return OTHER_WORD_CHAR.test(text.slice(i - 1, i + 1));
  return OTHER_WORD_CHAR.test(text[i] as string);
}

export function tokenize(text: string): string[] {
  const lower = text.toLowerCase();
  const out: string[] = [];
  const n = lower.length;
  let start = -1;
  let yo = false;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? lower.charCodeAt(i) : 0x20;
    if (i < n && isWordChar(c, lower, i)) {
      if (start < 0) start = i;
      if (c === 0x451) yo = true;
    } else if (start >= 0) {
      const word = lower.slice(start, i);
      out.push(yo ? word.replaceAll('ё', 'е') : word);
      start = -1;
      yo = false;
    }
  }
  return out;
}
