/**
 * A map from non-negative 31-bit integer keys to non-negative integer values
 * in one flat typed array (open addressing, linear probing). Models build
 * their lookup tables from it once, at init; a probe costs a multiply and
 * usually one cache line, several times cheaper than a `Map` lookup, which
 * matters in the per-word and per-feature loops of classification.
 */
export class IntMap {
  /** `[key, value]` pairs; a key of -1 marks an empty slot. */
  private slots: Int32Array;
  /** log2 of the slot count. */
  private bits: number;
  private count = 0;

  constructor(expectedSize = 0) {
    this.bits = 4;
    while (1 << this.bits < expectedSize * 2) this.bits++;
    this.slots = new Int32Array(2 << this.bits).fill(-1);
  }

  get size(): number {
    return this.count;
  }

  /** The value stored for `key`, or -1. */
  get(key: number): number {
    const mask = (1 << this.bits) - 1;
    // Fibonacci hashing: the top bits of key * 2^32/phi spread neighbouring keys apart.
    for (let i = Math.imul(key, 0x9e3779b1) >>> (32 - this.bits); ; i = (i + 1) & mask) {
      const k = this.slots[2 * i] as number;
      if (k === key) return this.slots[2 * i + 1] as number;
      if (k === -1) return -1;
    }
  }

  set(key: number, value: number): void {
    if (!Number.isInteger(key) || key < 0 || key > 0x7fffffff)
      throw new RangeError(`IntMap key out of range: ${key}`);
    if (!Number.isInteger(value) || value < 0 || value > 0x7fffffff) {
      throw new RangeError(`IntMap value out of range: ${value}`);
    }
    if ((this.count + 1) * 2 > 1 << this.bits) this.grow();
    this.put(key, value);
  }

  private put(key: number, value: number): void {
    const mask = (1 << this.bits) - 1;
    let i = Math.imul(key, 0x9e3779b1) >>> (32 - this.bits);
    while (this.slots[2 * i] !== -1 && this.slots[2 * i] !== key) i = (i + 1) & mask;
    if (this.slots[2 * i] === -1) this.count++;
    this.slots[2 * i] = key;
    this.slots[2 * i + 1] = value;
  }

  private grow(): void {
    const old = this.slots;
    this.bits++;
    this.slots = new Int32Array(2 << this.bits).fill(-1);
    this.count = 0;
    for (let i = 0; i < old.length; i += 2) {
      const key = old[i] as number;
      if (key !== -1) this.put(key, old[i + 1] as number);
    }
  }
}
