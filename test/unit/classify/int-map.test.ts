import { IntMap } from '../../../lambdas/domain/classify/int-map';

describe('IntMap', () => {
  it('returns what was set and -1 for absent keys', () => {
    const map = new IntMap();
    map.set(0, 7);
    map.set(2048 * 3 + 65, 0);
    expect(map.get(0)).toBe(7);
    expect(map.get(2048 * 3 + 65)).toBe(0);
    expect(map.get(1)).toBe(-1);
    expect(map.size).toBe(2);
  });

  it('overwrites a key that is set again', () => {
    const map = new IntMap();
    map.set(5, 1);
    map.set(5, 2);
    expect(map.get(5)).toBe(2);
    expect(map.size).toBe(1);
  });

  it('keeps every entry as it grows, like a Map', () => {
    const map = new IntMap();
    const reference = new Map<number, number>();
    let key = 12345;
    for (let i = 0; i < 20_000; i++) {
      key = (Math.imul(key, 1103515245) + 12345) & 0x7fffffff;
      map.set(key, i);
      reference.set(key, i);
    }
    expect(map.size).toBe(reference.size);
    for (const [k, v] of reference) expect(map.get(k)).toBe(v);
    expect(map.get(0x7fffffff - 1)).toBe(reference.get(0x7fffffff - 1) ?? -1);
  });

  it('refuses keys and values it cannot store', () => {
    const map = new IntMap();
    expect(() => map.set(-1, 0)).toThrow(RangeError);
    expect(() => map.set(2 ** 31, 0)).toThrow(RangeError);
    expect(() => map.set(1.5, 0)).toThrow(RangeError);
    expect(() => map.set(1, -1)).toThrow(RangeError);
  });
});
