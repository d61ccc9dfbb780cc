/**
 * Number arrays packed into a JSON model file as base64 of little-endian
 * binary. `JSON.parse` of hundreds of thousands of decimal numbers dominated
 * the classifier's load time (about 75 ms for the stance prior's 350,000);
 * one base64 string per array is scanned by `JSON.parse` as a plain string and
 * decoded natively, in a few milliseconds.
 *
 * Lossless by construction: `packNumbers` picks the smallest encoding in which
 * every value decodes to the very same double, so a model predicts exactly
 * what it predicted from its plain-array JSON. Values with at most `decimals`
 * decimal places (what the trainers' rounding leaves) are stored as integers
 * `round(x * 10^decimals)`, int16 when they fit, else int32; decoding divides
 * by the same power of ten, which gives the double `JSON.parse` gives for the
 * decimal text. Anything else is stored as float64. Like JSON, packing keeps
 * no sign of zero: -0 decodes as 0. The stance prior's weights (3 decimals,
 * below 32.767) pack as int16.
 *
 * Pure: no I/O.
 */

/** The binary element types, by their size in bytes. */
const WIDTH = { int16: 2, int32: 4, float64: 8 } as const;

export type PackedType = keyof typeof WIDTH;

export interface PackedNumbers {
  /** Element type of the little-endian binary. */
  readonly type: PackedType;
  /** For the integer types: each value is the stored integer divided by 10^decimals. 0 for float64. */
  readonly decimals: number;
  /** Number of values. */
  readonly length: number;
  readonly base64: string;
}

/**
 * Unpacked numbers: number i is `values[i] / scale`. The division is left to
 * the caller, which copies the numbers into its own arrays anyway: a separate
 * pass over 300,000 numbers costs about 15 ms at init, while the code is still
 * cold. `scale` is 1 for float64 (and `x / 1` is `x`, bit for bit).
 */
export interface ScaledNumbers {
  readonly values: ArrayLike<number>;
  readonly scale: number;
}

export class PackedNumbersError extends Error {
  override readonly name = 'PackedNumbersError';
}

/**
 * Powers of ten as literals, so that the encoder's round-trip check and the
 * decoder divide by the same exact doubles.
 */
const POWERS_OF_TEN = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9] as const;
const INT16_MAX = 0x7fff;
const INT32_MAX = 0x7fffffff;

/** Typed arrays use the platform's byte order; packed numbers are little-endian. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The largest stored integer when `values` are written with `decimals`
 * decimal places, or -1 when some value has more (or is not finite).
 */
function largestScaled(values: ArrayLike<number>, decimals: number): number {
  const scale = POWERS_OF_TEN[decimals] as number;
  let largest = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i] as number;
    const k = Math.round(x * scale);
    if (k / scale !== x || Math.abs(k) > INT32_MAX) return -1;
    largest = Math.max(largest, Math.abs(k));
  }
  return largest;
}

/** The smallest exact encoding of `values` (see the module comment). */
function chooseEncoding(values: ArrayLike<number>): { type: PackedType; decimals: number } {
  for (let decimals = 0; decimals < POWERS_OF_TEN.length; decimals++) {
    const largest = largestScaled(values, decimals);
    if (largest >= 0) return { type: largest <= INT16_MAX ? 'int16' : 'int32', decimals };
  }
  return { type: 'float64', decimals: 0 };
}

/** Packs `values` for a model file, in the smallest encoding that decodes to exactly the same doubles. */
export function packNumbers(values: ArrayLike<number>): PackedNumbers {
  const { type, decimals } = chooseEncoding(values);
  const scale = POWERS_OF_TEN[decimals] as number;
  const view = new DataView(new ArrayBuffer(values.length * WIDTH[type]));
  for (let i = 0; i < values.length; i++) {
    const x = values[i] as number;
    if (type === 'int16') view.setInt16(2 * i, Math.round(x * scale), true);
    else if (type === 'int32') view.setInt32(4 * i, Math.round(x * scale), true);
    else view.setFloat64(8 * i, Object.is(x, -0) ? 0 : x, true);
  }
  const base64 = Buffer.from(view.buffer).toString('base64');
  return { type, decimals, length: values.length, base64 };
}

/** Checks the shape of packed numbers; throws `PackedNumbersError` saying what is wrong. */
function checkPacked(value: unknown): PackedNumbers {
  const p = value as Partial<PackedNumbers> | null;
  if (p === null || typeof p !== 'object' || Array.isArray(p)) {
    throw new PackedNumbersError('is not packed numbers (an object with type, decimals, length, base64)');
  }
  if (typeof p.type !== 'string' || !Object.hasOwn(WIDTH, p.type)) {
    throw new PackedNumbersError(
      `has an unknown type ${JSON.stringify(p.type)} (expected int16, int32 or float64)`,
    );
  }
  const maxDecimals = p.type === 'float64' ? 0 : POWERS_OF_TEN.length - 1;
  if (!Number.isInteger(p.decimals) || (p.decimals as number) < 0 || (p.decimals as number) > maxDecimals) {
    throw new PackedNumbersError(`has invalid decimals ${JSON.stringify(p.decimals)} for type ${p.type}`);
  }
  if (!Number.isSafeInteger(p.length) || (p.length as number) < 0) {
    throw new PackedNumbersError(`has an invalid length ${JSON.stringify(p.length)}`);
  }
  if (typeof p.base64 !== 'string') throw new PackedNumbersError('has no base64 string');
  return p as PackedNumbers;
}

/**
 * The bytes of strict base64 (standard alphabet, padded, as `packNumbers`
 * writes it). `Buffer.from` silently skips characters outside the alphabet,
 * so the bytes must encode back to the same text; that check is several times
 * faster than a regular expression over the text.
 */
/**
 * Decodes base64. Node's decoder skips characters outside the alphabet, so a
 * text with any is decoded to fewer bytes than its length promises: checking
 * the length catches it without encoding the bytes again to compare (which
 * doubled the cost at init).
 */
function decodeBase64(text: string): Buffer {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const bytes = Buffer.from(text, 'base64');
  if (text.length % 4 !== 0 || bytes.length !== (text.length / 4) * 3 - padding) {
    throw new PackedNumbersError('is not valid base64');
  }
  return bytes;
}

/** The little-endian `bytes` as a typed array of `type`: a copy (aligned), swapped on a big-endian platform. */
function typedArray(bytes: Buffer, type: PackedType, length: number): Int16Array | Int32Array | Float64Array {
  const out =
    type === 'int16'
      ? new Int16Array(length)
      : type === 'int32'
        ? new Int32Array(length)
        : new Float64Array(length);
  if (LITTLE_ENDIAN) {
    new Uint8Array(out.buffer).set(bytes);
    return out;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  for (let i = 0; i < length; i++) {
    out[i] =
      type === 'int16'
        ? view.getInt16(2 * i, true)
        : type === 'int32'
          ? view.getInt32(4 * i, true)
          : view.getFloat64(8 * i, true);
  }
  return out;
}

/**
 * Decodes packed numbers (see `ScaledNumbers`); throws `PackedNumbersError`
 * for a malformed value, bad base64, or a byte count that does not match `length`.
 */
export function unpackNumbers(value: unknown): ScaledNumbers {
  const p = checkPacked(value);
  const bytes = decodeBase64(p.base64);
  const width = WIDTH[p.type];
  if (bytes.length !== p.length * width) {
    throw new PackedNumbersError(
      `holds ${bytes.length} bytes, but ${p.length} ${p.type} values take ${p.length * width} (truncated?)`,
    );
  }
  return { values: typedArray(bytes, p.type, p.length), scale: POWERS_OF_TEN[p.decimals] as number };
}

/** Whether every unpacked value is an integer: packed as int16 or int32 with no decimals. */
export const packsIntegers = (value: PackedNumbers): boolean =>
  value.type !== 'float64' && value.decimals === 0;
