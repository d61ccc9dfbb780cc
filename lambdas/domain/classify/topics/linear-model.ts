/**
 * A trainable linear text classifier for any label set: TF-IDF over word
 * unigrams and bigrams (optionally character n-grams inside words), sublinear
 * term frequency, L2-normalised rows, and one-vs-rest linear SVMs (squared
 * hinge loss, L2 regularisation) trained by dual coordinate descent, the
 * solver LIBLINEAR uses for `LinearSVC`. Training is deterministic: the only
 * randomness is the visiting order, drawn from a seeded generator.
 *
 * Training gives the model as plain JSON data (`LinearTopicModelData`); model
 * files hold it with its number arrays packed (`packLinearTopicModel`, see
 * `packed-numbers.ts`), which loads several times faster. `linearTopicModel`
 * turns either form into a `TopicModel`. Pure: no I/O.
 */
import type { TopicScore } from '../../classification';
import { mulberry32 } from '../../random';
import type { TopicModel } from '../embedded-classifier';
import {
  type PackedNumbers,
  PackedNumbersError,
  packNumbers,
  packsIntegers,
  type ScaledNumbers,
  unpackNumbers,
} from './packed-numbers';
import { WordScanner } from './tokenize';

/**
 * Model files as `npm run train` and `npm run build:model` write them: number arrays packed, the weights
 * as one array in feature-major order (every label's weight of a feature together), the layout the model
 * scores with, so that loading copies nothing.
 */
export const LINEAR_MODEL_FORMAT = 'linear-tfidf-svm/3';
/** Files written before: packed too, with one packed row of weights per label. They still load. */
export const ROW_PACKED_LINEAR_MODEL_FORMAT = 'linear-tfidf-svm/2';
/**
 * The same model with plain JSON number arrays: what training returns, and the
 * files written before packing existed, which still load.
 */
export const PLAIN_LINEAR_MODEL_FORMAT = 'linear-tfidf-svm/1';

/** Whether `format` names a linear model file, packed or plain. */
export const isLinearModelFormat = (format: unknown): boolean =>
  format === LINEAR_MODEL_FORMAT ||
  format === ROW_PACKED_LINEAR_MODEL_FORMAT ||
  format === PLAIN_LINEAR_MODEL_FORMAT;

export interface TrainingExample {
  readonly id?: string;
  readonly title?: string;
  readonly text: string;
  /** One or more labels; the first is the primary one. */
  readonly labels: readonly string[];
}

export interface LinearModelOptions {
  /** Longest word n-gram (1 = unigrams only, 2 = unigrams and bigrams). */
  readonly wordNgrams: number;
  /** Character n-gram lengths inside word boundaries, e.g. [3, 5]; [0, 0] disables them. */
  readonly charNgrams: readonly [number, number];
  /**
   * Prefix and suffix lengths added as features for longer words, so that
   * compounds (`Bundesliga-Spieltag`, `Fußballverband`) share their parts.
   */
  readonly affixes: readonly number[];
  /** A feature must occur in at least this many training documents. */
  readonly minDf: number;
  /** SVM regularisation constant (larger = fits the training data more closely). */
  readonly c: number;
  /** Title tokens count this many times as often as body tokens. */
  readonly titleWeight: number;
  /** Features are hashed into 2^hashBits buckets. */
  readonly hashBits: number;
  /** Upper bound on coordinate-descent passes per label. */
  readonly maxPasses: number;
  /** Stop when the projected-gradient spread falls below this. */
  readonly tolerance: number;
  readonly seed: number;
  /** Labels with a margin above this (besides the best one) are reported too. */
  readonly secondaryMargin: number;
  /** At most this many labels per document. */
  readonly maxLabels: number;
}

export const DEFAULT_LINEAR_OPTIONS: LinearModelOptions = {
  wordNgrams: 2,
  charNgrams: [0, 0],
  affixes: [4, 6],
  minDf: 2,
  c: 1,
  hashBits: 21,
  titleWeight: 2,
  maxPasses: 200,
  tolerance: 0.1,
  seed: 1,
  secondaryMargin: 0,
  maxLabels: 3,
};

/** A trained model with plain number arrays. */
export interface LinearTopicModelData {
  readonly format: typeof PLAIN_LINEAR_MODEL_FORMAT;
  readonly labels: readonly string[];
  readonly options: LinearModelOptions;
  /** Hash buckets of the features seen in training (see `hashBits`). */
  readonly vocabulary: readonly number[];
  readonly idf: readonly number[];
  /** One row per label, one weight per vocabulary entry. */
  readonly weights: readonly (readonly number[])[];
  readonly bias: readonly number[];
}

/**
 * A trained model as files hold it: `vocabulary`, `idf` and `weights` packed (the bias, one number per
 * label, stays plain). `weights` holds feature j's weight for label l at `j * labels.length + l`.
 */
export interface PackedLinearTopicModelData {
  readonly format: typeof LINEAR_MODEL_FORMAT;
  readonly labels: readonly string[];
  readonly options: LinearModelOptions;
  readonly vocabulary: PackedNumbers;
  readonly idf: PackedNumbers;
  readonly weights: PackedNumbers;
  readonly bias: readonly number[];
}

/** An older packed file (`linear-tfidf-svm/2`): one packed row of weights per label. */
export interface RowPackedLinearTopicModelData
  extends Omit<PackedLinearTopicModelData, 'format' | 'weights'> {
  readonly format: typeof ROW_PACKED_LINEAR_MODEL_FORMAT;
  readonly weights: readonly PackedNumbers[];
}

export class InvalidTopicModelError extends Error {
  override readonly name = 'InvalidTopicModelError';
}

export class TrainingDataError extends Error {
  override readonly name = 'TrainingDataError';
}

interface FeatureSettings {
  readonly wordNgrams: number;
  readonly charNgrams: readonly [number, number];
  readonly affixes: readonly number[];
  readonly titleWeight: number;
  readonly hashBits: number;
}

/** MurmurHash3's 32-bit finaliser: spreads every input bit over the output. */
function fmix(h: number): number {
  let x = h ^ (h >>> 16);
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

const WORD_SEED = 0x9e3779b9;
const CHAR_SEED = 0x7f4a7c15;
const AFFIX_SEED = 0x3c6ef372;
const SUFFIX_SEED = 0x1b873593;
const BOUNDARY_START = 0x3c;
const BOUNDARY_END = 0x3e;

/**
 * Feature hashing: each word n-gram and character n-gram maps to one of
 * 2^hashBits buckets without building strings. Counts accumulate in a dense
 * scratch array reused across documents, so extracting features allocates
 * almost nothing, which keeps training on thousands of articles fast.
 *
 * Given a model's {@link BucketRanks}, the hasher counts per rank of a
 * known bucket instead and drops the features the model does not know:
 * what prediction needs.
 */
class FeatureHasher {
  private readonly mask: number;
  private readonly counts: Float32Array;
  /** The distinct keys (buckets, or ranks) of the last document, in first-seen order. */
  keys = new Int32Array(4096);
  /** The count of each key, filled by `extract`. */
  values = new Float64Array(4096);
  private size = 0;
  /** Scratch of `addText`: the scanner, and each token's offsets in its text and hash. */
  private readonly words = new WordScanner();
  private tokenStart = new Int32Array(1024);
  private tokenEnd = new Int32Array(1024);
  private tokenHash = new Int32Array(1024);

  constructor(
    private readonly s: FeatureSettings,
    private readonly ranks?: BucketRanks,
  ) {
    this.mask = (1 << s.hashBits) - 1;
    this.counts = new Float32Array(ranks === undefined ? 1 << s.hashBits : ranks.size);
  }

  private add(h: number, weight: number): void {
    let key = fmix(h) & this.mask;
    if (this.ranks !== undefined) {
      key = this.ranks.rank(key);
      if (key < 0) return;
    }
    const c = this.counts[key] as number;
    if (c === 0) {
      if (this.size === this.keys.length) {
        const grown = new Int32Array(this.size * 2);
        grown.set(this.keys);
        this.keys = grown;
        this.values = new Float64Array(this.size * 2);
      }
      this.keys[this.size++] = key;
    }
    this.counts[key] = c + weight;
  }

  /** Records token `count` (the scanner's current word); returns the new count. */
  private pushToken(count: number, words: WordScanner): number {
    if (count === this.tokenStart.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(count * 2);
        b.set(a);
        return b;
      };
      this.tokenStart = grow(this.tokenStart);
      this.tokenEnd = grow(this.tokenEnd);
      this.tokenHash = grow(this.tokenHash);
    }
    this.tokenStart[count] = words.start;
    this.tokenEnd[count] = words.end;
    this.tokenHash[count] = words.hash;
    return count + 1;
  }

  /** Adds the features of one text's tokens (as `tokenize` gives them, read in place). */
  private addText(text: string, weight: number): void {
    const words = this.words;
    words.reset(text);
    let count = 0;
    while (words.next()) count = this.pushToken(count, words);
    const { tokenStart, tokenEnd, tokenHash } = this;
    const lower = words.lower;
    const s = this.s;
    for (let i = 0; i < count; i++) {
      let h = tokenHash[i] as number;
      this.add(h ^ WORD_SEED, weight);
      for (let n = 2; n <= s.wordNgrams && i + n - 1 < count; n++) {
        h = Math.imul(h ^ (tokenHash[i + n - 1] as number), 0x01000193) + n;
        this.add(h ^ WORD_SEED, weight);
      }
    }
    for (const len of s.affixes) {
      for (let i = 0; i < count; i++) {
        const from = tokenStart[i] as number;
        const length = (tokenEnd[i] as number) - from;
        if (length < len + 3) continue;
        let p = AFFIX_SEED + len;
        let q = SUFFIX_SEED + len;
        for (let k = 0; k < len; k++) {
          p = Math.imul(p ^ lower.charCodeAt(from + k), 16777619);
          q = Math.imul(q ^ lower.charCodeAt(from + length - len + k), 16777619);
        }
        this.add(p, weight);
        this.add(q, weight);
      }
    }
    const [lo, hi] = s.charNgrams;
    if (lo <= 0) return;
    for (let i = 0; i < count; i++) {
      const from = tokenStart[i] as number;
      // The token padded with boundary marks: `<` + token + `>`.
      const len = (tokenEnd[i] as number) - from + 2;
      for (let start = 0; start + lo <= len; start++) {
        let h = CHAR_SEED;
        for (let n = 1; n <= hi && start + n <= len; n++) {
          const k = start + n - 1;
          const code =
            k === 0 ? BOUNDARY_START : k === len - 1 ? BOUNDARY_END : lower.charCodeAt(from + k - 1);
          h = Math.imul(h ^ code, 16777619);
          if (n >= lo) this.add(h + n, weight);
        }
      }
    }
  }

  /**
   * Hashes one document. Afterwards `keys` and `values` hold its distinct
   * keys and their counts, in first-seen order; returns how many there are.
   */
  extract(title: string | undefined, text: string): number {
    if (title) this.addText(title, this.s.titleWeight);
    this.addText(text, 1);
    const n = this.size;
    for (let k = 0; k < n; k++) {
      const key = this.keys[k] as number;
      this.values[k] = this.counts[key] as number;
      this.counts[key] = 0;
    }
    this.size = 0;
    return n;
  }
}

interface SparseRow {
  readonly index: Int32Array;
  readonly value: Float64Array;
}

/** One document's distinct feature buckets and their (weighted) counts. */
interface RawRow {
  readonly bucket: Int32Array;
  readonly count: Float64Array;
}

function extractRaw(hasher: FeatureHasher, title: string | undefined, text: string): RawRow {
  const n = hasher.extract(title, text);
  return { bucket: hasher.keys.slice(0, n), count: hasher.values.slice(0, n) };
}

/**
 * Sublinear tf x idf in place: `values[k]` (a count) becomes the weight of
 * column `columns[k]`. Returns the factor that L2-normalises the row.
 */
function weighInPlace(columns: Int32Array, values: Float64Array, n: number, idf: ArrayLike<number>): number {
  let norm = 0;
  for (let k = 0; k < n; k++) {
    const v = (1 + Math.log(values[k] as number)) * (idf[columns[k] as number] as number);
    values[k] = v;
    norm += v * v;
  }
  return norm > 0 ? 1 / Math.sqrt(norm) : 0;
}

/**
 * Sublinear tf x idf, L2-normalised. `column[bucket]` is the feature's
 * position in the model, or -1 for a feature the model does not know.
 */
function vectorize(raw: RawRow, column: Int32Array, idf: ArrayLike<number>): SparseRow {
  const index = new Int32Array(raw.bucket.length);
  const value = new Float64Array(raw.bucket.length);
  let n = 0;
  for (let k = 0; k < raw.bucket.length; k++) {
    const j = column[raw.bucket[k] as number] as number;
    if (j < 0) continue;
    index[n] = j;
    value[n++] = raw.count[k] as number;
  }
  const scale = weighInPlace(index, value, n, idf);
  for (let k = 0; k < n; k++) value[k] = (value[k] as number) * scale;
  return { index: index.slice(0, n), value: value.slice(0, n) };
}

function columnsOf(vocabulary: ArrayLike<number>, hashBits: number): Int32Array {
  const column = new Int32Array(1 << hashBits).fill(-1);
  for (let j = 0; j < vocabulary.length; j++) column[vocabulary[j] as number] = j;
  return column;
}

/** Number of set bits in a 32-bit integer. */
function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  v = (v + (v >>> 4)) & 0x0f0f0f0f;
  return Math.imul(v, 0x01010101) >>> 24;
}

/**
 * The buckets a model knows, as a bitset with running counts: a known
 * bucket's rank (how many known buckets lie below it) numbers its row in
 * the model's rank-ordered arrays. Two 32-bit words per 32 buckets, so
 * lookups stay in cache: 64 KB for 2^18 buckets, where a dense
 * `bucket -> column` array takes 1 MB.
 */
class BucketRanks {
  /** Per 32 buckets: the bitset word, then the number of known buckets before them. */
  private readonly table: Int32Array;
  /** Per rank, the model column of that bucket. */
  readonly columns: Int32Array;
  /** Whether rank and column coincide: the vocabulary is in increasing order, as training writes it. */
  readonly identity: boolean;

  /** The buckets of `vocabulary`, each mapped to the column {@link columnsOf} maps it to. */
  constructor(vocabulary: ArrayLike<number>, hashBits: number) {
    this.table = new Int32Array(2 * Math.ceil((1 << hashBits) / 32));
    let ascending = true;
    for (let j = 1; j < vocabulary.length && ascending; j++) {
      ascending = (vocabulary[j] as number) > (vocabulary[j - 1] as number);
    }
    this.identity = ascending;
    if (ascending) {
      // Rank = column: no dense map, no sort (the common case, and the one a cold start pays for).
      this.columns = new Int32Array(0);
      for (let r = 0; r < vocabulary.length; r++) this.mark(vocabulary[r] as number, r);
      return;
    }
    const dense = columnsOf(vocabulary, hashBits);
    // The known buckets in increasing order: each once, where its column in `dense` is the one that wrote it.
    const known: number[] = [];
    for (let j = 0; j < vocabulary.length; j++) {
      const bucket = vocabulary[j] as number;
      if (dense[bucket] === j) known.push(Number(bucket));
    }
    const buckets = Int32Array.from(known).sort();
    this.columns = new Int32Array(buckets.length);
    for (let r = 0; r < buckets.length; r++) {
      const bucket = buckets[r] as number;
      this.columns[r] = dense[bucket] as number;
      this.mark(bucket, r);
    }
  }

  /** Number of known buckets. */
  get size(): number {
    return this.identity ? this.count : this.columns.length;
  }

  private count = 0;

  /** Records `bucket` at rank `r`; buckets come in increasing order. */
  private mark(bucket: number, r: number): void {
    const word = 2 * (bucket >>> 5);
    // The first known bucket of a word sets how many come before the word.
    if (this.table[word] === 0) this.table[word + 1] = r;
    this.table[word] = (this.table[word] as number) | (1 << (bucket & 31));
    this.count = r + 1;
  }

  /** The rank of `bucket`, or -1 when the model does not know it. */
  rank(bucket: number): number {
    const word = 2 * (bucket >>> 5);
    const bits = this.table[word] as number;
    const bit = 1 << (bucket & 31);
    if ((bits & bit) === 0) return -1;
    return (this.table[word + 1] as number) + popcount(bits & (bit - 1));
  }
}

/** All training rows in one compressed sparse row matrix, for memory locality. */
interface CsrMatrix {
  readonly rowStart: Int32Array;
  readonly col: Int32Array;
  readonly val: Float64Array;
}

function toCsr(rows: readonly SparseRow[]): CsrMatrix {
  const rowStart = new Int32Array(rows.length + 1);
  rows.forEach((r, i) => {
    rowStart[i + 1] = (rowStart[i] as number) + r.index.length;
  });
  const nnz = rowStart[rows.length] as number;
  const col = new Int32Array(nnz);
  const val = new Float64Array(nnz);
  rows.forEach((r, i) => {
    col.set(r.index, rowStart[i]);
    val.set(r.value, rowStart[i]);
  });
  return { rowStart, col, val };
}

/**
 * L2-regularised squared-hinge SVM, dual coordinate descent (Hsieh et al. 2008),
 * with a bias feature of constant value 1. Returns weights and the bias.
 */
function trainBinarySvm(
  m: CsrMatrix,
  y: Int8Array,
  dim: number,
  o: LinearModelOptions,
): { w: Float64Array; b: number } {
  const { rowStart, col, val } = m;
  const n = rowStart.length - 1;
  const w = new Float64Array(dim);
  let b = 0;
  const alpha = new Float64Array(n);
  const diag = 0.5 / o.c;
  const qd = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 1 + diag;
    for (let k = rowStart[i] as number, end = rowStart[i + 1] as number; k < end; k++)
      s += (val[k] as number) ** 2;
    qd[i] = s;
  }
  // Visiting order; the first `active` entries are the examples not yet shrunk away
  // (LIBLINEAR's shrinking: an example at alpha = 0 whose gradient is clearly
  // positive is unlikely to move, so it is skipped until the final check).
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const rand = mulberry32(o.seed);
  let active = n;
  let pgMaxOld = Number.POSITIVE_INFINITY;
  for (let pass = 0; pass < o.maxPasses; pass++) {
    for (let i = active - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      const t = order[i] as number;
      order[i] = order[j] as number;
      order[j] = t;
    }
    let pgMax = Number.NEGATIVE_INFINITY;
    let pgMin = Number.POSITIVE_INFINITY;
    for (let k = 0; k < active; k++) {
      const i = order[k] as number;
      const from = rowStart[i] as number;
      const to = rowStart[i + 1] as number;
      const yi = y[i] as number;
      let dot = b;
      for (let q = from; q < to; q++) dot += (w[col[q] as number] as number) * (val[q] as number);
      const ai = alpha[i] as number;
      const g = yi * dot - 1 + diag * ai;
      let pg = g;
      if (ai === 0) {
        if (g > pgMaxOld) {
          active--;
          order[k] = order[active] as number;
          order[active] = i;
          k--;
          continue;
        }
        pg = Math.min(g, 0);
      }
      if (pg > pgMax) pgMax = pg;
      if (pg < pgMin) pgMin = pg;
      if (Math.abs(pg) > 1e-12) {
        const next = Math.max(ai - g / (qd[i] as number), 0);
        const d = (next - ai) * yi;
        alpha[i] = next;
        for (let q = from; q < to; q++) {
          const j = col[q] as number;
          w[j] = (w[j] as number) + d * (val[q] as number);
        }
        b += d;
      }
    }
    if (pgMax - pgMin <= o.tolerance) {
      if (active === n) break;
      active = n;
      pgMaxOld = Number.POSITIVE_INFINITY;
      continue;
    }
    pgMaxOld = pgMax <= 0 ? Number.POSITIVE_INFINITY : pgMax;
  }
  return { w, b };
}

const round = (x: number): number => Math.round(x * 1e5) / 1e5;

export function trainLinearTopicModel(
  examples: readonly TrainingExample[],
  options: Partial<LinearModelOptions> = {},
): LinearTopicModelData {
  const o: LinearModelOptions = { ...DEFAULT_LINEAR_OPTIONS, ...options };
  if (examples.length === 0) throw new TrainingDataError('no training examples');
  const labels = [...new Set(examples.flatMap((e) => e.labels))].sort();
  if (labels.length < 2) {
    throw new TrainingDataError(`need at least two distinct labels, found ${labels.length}`);
  }
  const hasher = new FeatureHasher(o);
  const raws = examples.map((e) => extractRaw(hasher, e.title, e.text));
  const df = new Int32Array(1 << o.hashBits);
  for (const raw of raws) {
    const buckets = raw.bucket;
    for (let k = 0; k < buckets.length; k++) {
      const bucket = buckets[k] as number;
      df[bucket] = (df[bucket] as number) + 1;
    }
  }
  const vocabulary: number[] = [];
  for (let bucket = 0; bucket < df.length; bucket++)
    if ((df[bucket] as number) >= o.minDf) vocabulary.push(bucket);
  const n = examples.length;
  const idf = vocabulary.map((k) => Math.log((1 + n) / (1 + (df[k] as number))) + 1);
  const column = columnsOf(vocabulary, o.hashBits);
  const matrix = toCsr(raws.map((raw) => vectorize(raw, column, idf)));
  const weights: number[][] = [];
  const bias: number[] = [];
  for (const label of labels) {
    const y = Int8Array.from(examples, (e) => (e.labels.includes(label) ? 1 : -1));
    const { w, b } = trainBinarySvm(matrix, y, vocabulary.length, o);
    const row = new Array<number>(w.length);
    for (let j = 0; j < w.length; j++) row[j] = round(w[j] as number);
    weights.push(row);
    bias.push(round(b));
  }
  return {
    format: PLAIN_LINEAR_MODEL_FORMAT,
    labels,
    options: o,
    vocabulary,
    idf: idf.map(round),
    weights,
    bias,
  };
}

/**
 * The model for writing to a file: number arrays packed, so that it loads fast.
 * Lossless: the packed model predicts exactly what `data` predicts.
 */
export function packLinearTopicModel(data: LinearTopicModelData): PackedLinearTopicModelData {
  const nl = data.weights.length;
  const byFeature = new Array<number>(data.vocabulary.length * nl);
  data.weights.forEach((row, l) => {
    row.forEach((w, j) => {
      byFeature[j * nl + l] = w;
    });
  });
  return {
    ...data,
    format: LINEAR_MODEL_FORMAT,
    vocabulary: packNumbers(data.vocabulary),
    idf: packNumbers(data.idf),
    weights: packNumbers(byFeature),
  };
}

/**
 * A validated model, in any file form: the vocabulary ready to index; idf and
 * weights as stored (number i is `values[i] / scale`, see `ScaledNumbers`):
 * one row per label, or one feature-major array.
 */
interface ModelArrays {
  readonly labels: readonly string[];
  readonly options: Partial<LinearModelOptions>;
  readonly vocabulary: ArrayLike<number>;
  readonly idf: ScaledNumbers;
  readonly weights: readonly ScaledNumbers[] | ScaledNumbers;
  readonly bias: readonly number[];
}

const isFeatureMajor = (weights: ModelArrays['weights']): weights is ScaledNumbers => !Array.isArray(weights);

const INCONSISTENT = 'topic model file is truncated or inconsistent';

/** One packed array of a model file, decoded; `field` names it in the error. */
function unpackField(value: unknown, field: string): ScaledNumbers {
  try {
    return unpackNumbers(value);
  } catch (err) {
    if (err instanceof PackedNumbersError)
      throw new InvalidTopicModelError(`${INCONSISTENT}: ${field} ${err.message}`);
    throw err;
  }
}

/** The arrays of a packed file (`LINEAR_MODEL_FORMAT` or the older rows), decoded; throws `InvalidTopicModelError`. */
function packedArrays(
  d: Partial<PackedLinearTopicModelData | RowPackedLinearTopicModelData>,
): Partial<ModelArrays> {
  const rows = d.format === ROW_PACKED_LINEAR_MODEL_FORMAT;
  if (rows && !Array.isArray(d.weights)) {
    throw new InvalidTopicModelError(`${INCONSISTENT}: weights is not an array`);
  }
  const vocabulary = unpackField(d.vocabulary, 'vocabulary');
  if (!packsIntegers(d.vocabulary as PackedNumbers)) {
    throw new InvalidTopicModelError(`${INCONSISTENT}: vocabulary must be packed as integers`);
  }
  return {
    vocabulary: vocabulary.values,
    idf: unpackField(d.idf, 'idf'),
    weights: rows
      ? (d.weights as PackedNumbers[]).map((row, l) => unpackField(row, `weights[${l}]`))
      : unpackField(d.weights, 'weights'),
  };
}

/** The arrays of a `PLAIN_LINEAR_MODEL_FORMAT` file (left unchecked here), as `ModelArrays` holds them. */
function plainArrays(d: Partial<LinearTopicModelData>): Partial<ModelArrays> | undefined {
  if (!Array.isArray(d.vocabulary) || !Array.isArray(d.idf) || !Array.isArray(d.weights)) return undefined;
  if (!d.weights.every((row) => Array.isArray(row))) return undefined;
  return {
    vocabulary: d.vocabulary,
    idf: { values: d.idf, scale: 1 },
    weights: d.weights.map((row) => ({ values: row, scale: 1 })),
  };
}

/** Checks either file form (packed, or the plain arrays of older files) and decodes its arrays. */
function validate(data: unknown): ModelArrays {
  const d = data as Partial<LinearTopicModelData | PackedLinearTopicModelData> | null;
  if (d === null || typeof d !== 'object' || !isLinearModelFormat(d.format)) {
    throw new InvalidTopicModelError(
      `not a topic model file (expected format "${LINEAR_MODEL_FORMAT}", "${ROW_PACKED_LINEAR_MODEL_FORMAT}" or "${PLAIN_LINEAR_MODEL_FORMAT}")`,
    );
  }
  const arrays =
    d.format === PLAIN_LINEAR_MODEL_FORMAT
      ? plainArrays(d as Partial<LinearTopicModelData>)
      : packedArrays(d as Partial<PackedLinearTopicModelData | RowPackedLinearTopicModelData>);
  const { vocabulary, idf, weights } = arrays ?? {};
  const ok =
    vocabulary !== undefined &&
    idf !== undefined &&
    weights !== undefined &&
    Array.isArray(d.labels) &&
    Array.isArray(d.bias) &&
    d.options !== undefined &&
    idf.values.length === vocabulary.length &&
    d.bias.length === d.labels.length &&
    (isFeatureMajor(weights)
      ? weights.values.length === vocabulary.length * d.labels.length
      : weights.length === d.labels.length &&
        weights.every((row) => row.values.length === vocabulary.length));
  if (!ok) throw new InvalidTopicModelError(INCONSISTENT);
  return { labels: d.labels, options: d.options, vocabulary, idf, weights, bias: d.bias } as ModelArrays;
}

/** Margin -> [0, 1]; a margin of 0 (the SVM decision boundary) maps to 0.5. */
const squash = (margin: number): number => 1 / (1 + Math.exp(-2 * margin));

/**
 * The weights in rank order, one feature's weights for every label together, as the scorer reads them,
 * and each label's scale. A feature-major file (the current format) in vocabulary order is that already:
 * its decoded array is used as it is, with no copy (the interleaving loop it replaces took about 20 ms
 * of a cold start for the stance prior). Rows per label (older files) are interleaved; int16 rows stay
 * int16, the others become doubles; the products are the same doubles either way.
 */
function rankMajorWeights(
  weights: ModelArrays['weights'],
  nl: number,
  size: number,
  columns?: Int32Array,
): { wt: ArrayLike<number>; scales: Float64Array } {
  if (isFeatureMajor(weights)) {
    const { values, scale } = weights;
    const scales = new Float64Array(nl).fill(scale);
    if (columns === undefined) return { wt: values, scales };
    const wt = new Float64Array(size * nl);
    for (let r = 0; r < size; r++) {
      const from = (columns[r] as number) * nl;
      for (let l = 0; l < nl; l++) wt[r * nl + l] = values[from + l] as number;
    }
    return { wt, scales };
  }
  const narrow = weights.every((w) => w.values instanceof Int16Array);
  const wt = narrow ? new Int16Array(size * nl) : new Float64Array(size * nl);
  const scales = new Float64Array(nl);
  for (let l = 0; l < nl; l++) {
    const { values: row, scale } = weights[l] as ScaledNumbers;
    scales[l] = scale;
    for (let r = 0; r < size; r++)
      wt[r * nl + l] = row[columns === undefined ? r : (columns[r] as number)] as number;
  }
  return { wt, scales };
}

/** A trained linear model's raw margins. */
export interface LinearScorer {
  readonly labels: readonly string[];
  /** The model's options over the defaults. */
  readonly options: LinearModelOptions;
  /**
   * Every label's margin (> 0: the classifier says yes) for one document, in `labels` order. The array
   * is reused by the next call.
   */
  margins(title: string | undefined, text: string): Float64Array;
}

/** A `LinearScorer` from trained model data; throws `InvalidTopicModelError` on malformed data. */
export function linearScorer(data: unknown): LinearScorer {
  const m = validate(data);
  const o = { ...DEFAULT_LINEAR_OPTIONS, ...m.options };
  const ranks = new BucketRanks(m.vocabulary, o.hashBits);
  const hasher = new FeatureHasher(o, ranks);
  const nl = m.labels.length;
  const { columns, identity } = ranks;
  const size = ranks.size;
  const column = (r: number): number => (identity ? r : (columns[r] as number));
  const idf = new Float64Array(size);
  const { values: idfValues, scale: idfScale } = m.idf;
  for (let r = 0; r < size; r++) idf[r] = (idfValues[column(r)] as number) / idfScale;
  // Weights in rank order (see `BucketRanks`), each feature's weights for every label together, so that an
  // article's features touch few cache lines (one row per label instead made classifying 15–30% slower).
  // Scaled integers stay scaled (see `ScaledNumbers`): each label's sum is divided by its scale once, and
  // int16 weights (what the trainers write) stay int16, a feature's 16 labels in one cache line.
  const { wt, scales } = rankMajorWeights(m.weights, nl, size, identity ? undefined : columns);
  const margins = new Float64Array(nl);
  return {
    labels: m.labels,
    options: o,
    margins(title, text) {
      // The hasher counts per known bucket: `keys` are ranks, `values` their counts, then their tf-idf.
      const n = hasher.extract(title, text);
      const { keys, values } = hasher;
      const scale = weighInPlace(keys, values, n, idf);
      for (let k = 0; k < n; k++) values[k] = (values[k] as number) * scale;
      // Label by label, so that each margin adds up in a register; the sum runs over the features
      // in the same order either way.
      for (let l = 0; l < nl; l++) {
        let sum = 0;
        for (let k = 0; k < n; k++)
          sum += (wt[(keys[k] as number) * nl + l] as number) * (values[k] as number);
        margins[l] = (m.bias[l] as number) + sum / (scales[l] as number);
      }
      return margins;
    },
  };
}

/**
 * A `TopicModel` from trained model data. The best label is always reported
 * (the user's taxonomy is assumed to cover every input); other labels follow
 * when their margin clears `secondaryMargin`.
 */
export function linearTopicModel(data: unknown, version: string): TopicModel {
  const scorer = linearScorer(data);
  const o = scorer.options;
  return {
    version,
    predict(input): TopicScore[] {
      const margins = scorer.margins(input.title, input.text);
      const ranked = scorer.labels
        .map((slug, l) => ({ slug, margin: margins[l] as number }))
        .sort((a, b) => b.margin - a.margin || (a.slug < b.slug ? -1 : 1));
      return ranked
        .filter((r, i) => i === 0 || r.margin > o.secondaryMargin)
        .slice(0, o.maxLabels)
        .map((r) => ({ slug: r.slug, score: round(squash(r.margin)) }));
    },
  };
}
