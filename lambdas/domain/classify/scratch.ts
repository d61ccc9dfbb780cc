/**
 * Typed arrays for one unit of work (a field, a document), reused by the next.
 * A typed array's memory lives outside the JS heap, so allocating one costs
 * far more than clearing one, and classification needs a dozen per article.
 *
 * Every array handed out is zero-filled (or filled with the given value). An
 * array must not be used after the next `reset()`, which hands its memory out
 * again. Arrays larger than {@link MAX_KEPT} elements are allocated afresh and
 * not kept, so one huge document does not pin its memory for the process' life.
 */
export const MAX_KEPT = 1 << 16;

class Pool<A extends Float64Array | Int32Array | Uint8Array> {
  private used = 0;

  constructor(
    private buffer: A,
    private readonly create: (length: number) => A,
  ) {}

  reset(): void {
    this.used = 0;
  }

  take(length: number, fill: number): A {
    if (length > MAX_KEPT) return this.create(length).fill(fill) as A;
    if (this.used + length > this.buffer.length) {
      // Arrays handed out before keep the old buffer; the new one starts empty.
      this.buffer = this.create(Math.max(this.buffer.length * 2, length));
      this.used = 0;
    }
    const array = this.buffer.subarray(this.used, this.used + length) as A;
    this.used += length;
    return array.fill(fill) as A;
  }
}

export class ScratchArrays {
  private readonly f64 = new Pool(new Float64Array(1024), (n) => new Float64Array(n));
  private readonly i32 = new Pool(new Int32Array(1024), (n) => new Int32Array(n));
  private readonly u8 = new Pool(new Uint8Array(1024), (n) => new Uint8Array(n));

  /** Hands all memory out again: arrays taken before must no longer be used. */
  reset(): void {
    this.f64.reset();
    this.i32.reset();
    this.u8.reset();
  }

  float64(length: number): Float64Array {
    return this.f64.take(length, 0);
  }

  int32(length: number, fill = 0): Int32Array {
    return this.i32.take(length, fill);
  }

  uint8(length: number): Uint8Array {
    return this.u8.take(length, 0);
  }
}
