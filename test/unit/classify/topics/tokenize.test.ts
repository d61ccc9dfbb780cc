import { tokenize, WordScanner } from '../../../../lambdas/domain/classify/topics/tokenize';

const fnv1a = (word: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
  return h;
};

describe('WordScanner', () => {
  const text = 'Der Ukrainekrieg, Ёлка и WAR-2022! Straße… «Ёж» 𝒳y';

  it('walks the same words as tokenize, with each word and its hash in place', () => {
    const words = new WordScanner();
    words.reset(text);
    const seen: string[] = [];
    while (words.next()) {
      const word = words.word();
      expect(words.lower.slice(words.start, words.end)).toBe(word);
      expect(words.hash).toBe(fnv1a(word));
      expect(words.is(word)).toBe(true);
      expect(words.is(`${word}x`)).toBe(false);
      seen.push(word);
    }
    expect(seen).toEqual(tokenize(text));
    expect(seen).toContain('елка');
  });

  it('starts over on reset', () => {
    const words = new WordScanner();
    words.reset('one two');
    expect(words.next()).toBe(true);
    words.reset('three');
    expect(words.next()).toBe(true);
    expect(words.word()).toBe('three');
    expect(words.next()).toBe(false);
  });
});
