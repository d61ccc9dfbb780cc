import { MAX_KEPT, ScratchArrays } from '../../../lambdas/domain/classify/scratch';

describe('ScratchArrays', () => {
  it('hands out arrays of the asked length, zero-filled or filled with the given value', () => {
    const scratch = new ScratchArrays();
    const a = scratch.float64(3);
    const b = scratch.int32(4, -1);
    const c = scratch.uint8(5);
    expect(Array.from(a)).toEqual([0, 0, 0]);
    expect(Array.from(b)).toEqual([-1, -1, -1, -1]);
    expect(Array.from(c)).toEqual([0, 0, 0, 0, 0]);
  });

  it('never hands out overlapping arrays between resets', () => {
    const scratch = new ScratchArrays();
    const arrays = [scratch.int32(10), scratch.int32(2000), scratch.int32(10)];
    arrays.forEach((a, i) => {
      a.fill(i + 1);
    });
    arrays.forEach((a, i) => {
      expect(a.every((x) => x === i + 1)).toBe(true);
    });
  });

  it('reuses its memory after a reset, cleared again', () => {
    const scratch = new ScratchArrays();
    const first = scratch.uint8(8);
    first.fill(9);
    scratch.reset();
    const second = scratch.uint8(8);
    expect(second.buffer).toBe(first.buffer);
    expect(Array.from(second)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('does not keep arrays larger than MAX_KEPT', () => {
    const scratch = new ScratchArrays();
    const big = scratch.float64(MAX_KEPT + 1);
    expect(big.length).toBe(MAX_KEPT + 1);
    scratch.reset();
    expect(scratch.float64(MAX_KEPT + 1).buffer).not.toBe(big.buffer);
  });
});
