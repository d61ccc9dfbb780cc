import fc from 'fast-check';
import {
  type PackedNumbers,
  PackedNumbersError,
  packNumbers,
  unpackNumbers,
} from '../../../../lambdas/domain/classify/topics/packed-numbers';

/** The doubles packed numbers stand for. */
const doubles = (packed: unknown): number[] => {
  const { values, scale } = unpackNumbers(packed);
  return Array.from(values, (v) => v / scale);
};

/** What a model file with plain JSON arrays gave for the same numbers. */
const viaJson = (values: readonly number[]): number[] => JSON.parse(JSON.stringify(values));

describe('packed numbers', () => {
  it('picks the smallest exact encoding', () => {
    const pick = (values: number[]) => {
      const { type, decimals, length } = packNumbers(values);
      return { type, decimals, length };
    };
    expect(pick([5, 13, 262143])).toEqual({ type: 'int32', decimals: 0, length: 3 });
    expect(pick([1.9857, -0.0003, 0])).toEqual({ type: 'int16', decimals: 4, length: 3 });
    expect(pick([5.91533, 1])).toEqual({ type: 'int32', decimals: 5, length: 2 });
    expect(pick([Math.PI, 1])).toEqual({ type: 'float64', decimals: 0, length: 2 });
    expect(pick([])).toEqual({ type: 'int16', decimals: 0, length: 0 });
  });

  it('decodes to the doubles JSON gives for the decimal text, bit for bit', () => {
    const decimalArrays = fc
      .tuple(
        fc.integer({ min: 0, max: 9 }),
        fc.array(fc.integer({ min: -2_000_000_000, max: 2_000_000_000 })),
      )
      .map(([decimals, ints]) => ints.map((k) => k / 10 ** decimals));
    fc.assert(
      fc.property(decimalArrays, (values) => {
        expect(doubles(JSON.parse(JSON.stringify(packNumbers(values))))).toEqual(viaJson(values));
      }),
    );
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true })), (values) => {
        expect(doubles(packNumbers(values))).toEqual(viaJson(values));
      }),
    );
  });

  it('keeps no sign of zero, as JSON does not', () => {
    expect(Object.is(doubles(packNumbers([-0]))[0], 0)).toBe(true);
    expect(Object.is(doubles(packNumbers([-0, Math.PI]))[0], 0)).toBe(true);
  });

  it('refuses malformed packed numbers with a reason', () => {
    const good = packNumbers([1.5, -2.25]); // 4 bytes: base64 with padding
    const bad = (change: Partial<Record<keyof PackedNumbers, unknown>> | null, reason: RegExp) => {
      expect(() => unpackNumbers(change === null ? [1, 2] : { ...good, ...change })).toThrow(
        PackedNumbersError,
      );
      expect(() => unpackNumbers(change === null ? [1, 2] : { ...good, ...change })).toThrow(reason);
    };
    bad(null, /not packed numbers/);
    bad({ type: 'float32' }, /unknown type "float32"/);
    bad({ decimals: 12 }, /invalid decimals 12/);
    bad({ type: 'float64', decimals: 2 }, /invalid decimals 2 for type float64/);
    bad({ length: -1 }, /invalid length -1/);
    bad({ length: 4 }, /holds 4 bytes, but 4 int16 values take 8/);
    bad({ base64: good.base64.slice(0, -4) }, /holds 3 bytes, but 2 int16 values take 4/);
    bad({ base64: good.base64.slice(0, -1) }, /not valid base64/);
    bad({ base64: `!${good.base64.slice(1)}` }, /not valid base64/);
    expect(good.base64).toMatch(/==$/);
    bad({ base64: good.base64.replace(/=+$/, '') }, /not valid base64/);
    bad({ base64: `${good.base64.replace(/\+|\//g, '-')} ` }, /not valid base64/);
    bad({ base64: 42 }, /no base64 string/);
  });
});
