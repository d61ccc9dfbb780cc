import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LINEAR_MODEL_FORMAT, trainLinearTopicModel } from '../../../lambdas/domain/classify/topics';
import { parseTrainingLines } from '../../../lambdas/domain/classify/topics/jsonl';
import { runClassify } from '../../../scripts/classify';
import { runTrain } from '../../../scripts/train';

const ROOT = join(__dirname, '..', '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const FIXTURES = join(__dirname, 'fixtures');

interface Captured {
  code: number;
  out: string;
  err: string;
}

function capture(run: (io: { out: (t: string) => void; err: (t: string) => void }) => number): Captured {
  let out = '';
  let err = '';
  const code = run({ out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('train and classify --model (as commands)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'topic-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('trains on a small fixture and predicts the held-out lines’ labels', () => {
    const model = join(dir, 'model.json');
    execFileSync(TSX, [join(ROOT, 'scripts', 'train.ts'), join(FIXTURES, 'train.jsonl'), '--out', model], {
      stdio: 'pipe',
    });
    const stdout = execFileSync(
      TSX,
      [join(ROOT, 'scripts', 'classify.ts'), '--model', model, join(FIXTURES, 'heldout.jsonl')],
      { encoding: 'utf8' },
    );
    const predictions = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const heldout = readFileSync(join(FIXTURES, 'heldout.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(predictions.map((p) => p.id)).toEqual(heldout.map((h) => h.id));
    expect(predictions.map((p) => p.topics[0])).toEqual(heldout.map((h) => h.label));
    // The rest of the contract comes from the bundled stance model.
    for (const p of predictions) {
      expect(Object.keys(p.stance)).toEqual(expect.arrayContaining(['russia', 'ukraine', 'west']));
      expect(p.alignment.label).toEqual(expect.any(String));
      expect(p.classifier.version).toEqual(expect.any(String));
      expect(p.topic_scores[0].slug).toBe(p.topics[0]);
    }
  });

  it('writes the packed model format; a model file in the older plain format predicts the same', () => {
    const packed = join(dir, 'packed.json');
    expect(capture((io) => runTrain([join(FIXTURES, 'train.jsonl'), '--out', packed], io)).code).toBe(0);
    expect(JSON.parse(readFileSync(packed, 'utf8')).format).toBe(LINEAR_MODEL_FORMAT);
    const plain = join(dir, 'plain.json');
    const examples = parseTrainingLines(readFileSync(join(FIXTURES, 'train.jsonl'), 'utf8'));
    writeFileSync(plain, JSON.stringify(trainLinearTopicModel(examples)));
    const classify = (model: string) => {
      const r = capture((io) => runClassify(['--model', model, join(FIXTURES, 'heldout.jsonl')], io));
      expect(r.code).toBe(0);
      // The version hashes the file's text, so it differs between the two files.
      return r.out.replace(/"version":"[^"]*"/g, '');
    };
    expect(classify(plain)).toBe(classify(packed));
  });
});

describe('classify command', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'topic-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints one prediction per input line, in input order, with the default IPTC model', () => {
    const input = join(dir, 'input.jsonl');
    writeFileSync(
      input,
      [
        {
          id: 'a',
          title: 'Cup final',
          text: 'The striker scored twice and the team won the match in the stadium.',
        },
        {
          id: 7,
          lang: 'de',
          text: 'Die Armee meldet schwere Gefechte an der Front, Drohnen und Artillerie im Einsatz.',
        },
        { id: 'c', text: 'qwx zzv' },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    const r = capture((io) => runClassify([input], io));
    expect(r.code).toBe(0);
    const lines = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(['a', 7, 'c']);
    expect(lines[0].topics[0]).toBe('sport');
    expect(lines[1].lang).toBe('de');
    expect(lines[1].topics[0]).toBe('conflict');
    expect(lines[2].topics).toEqual([]);
  });

  it('rejects a malformed line with its line number and prints nothing else', () => {
    const input = join(dir, 'bad.jsonl');
    writeFileSync(input, '{"id":"ok","text":"fine"}\n\n{"id":"x","text":\n');
    const r = capture((io) => runClassify([input], io));
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toContain(`${input}:3: not valid JSON`);
  });

  it('rejects a line without text', () => {
    const input = join(dir, 'notext.jsonl');
    writeFileSync(input, '{"id":"x","title":"only a title"}\n');
    const r = capture((io) => runClassify([input], io));
    expect(r.code).toBe(1);
    expect(r.err).toContain(':1: missing "text"');
  });

  it('explains its usage when the input is missing, and refuses a file that is not a model', () => {
    expect(capture((io) => runClassify([], io))).toMatchObject({
      code: 2,
      err: expect.stringContaining('usage:'),
    });
    const notModel = join(dir, 'not-a-model.json');
    writeFileSync(notModel, '{"hello":1}');
    const input = join(FIXTURES, 'heldout.jsonl');
    const r = capture((io) => runClassify(['--model', notModel, input], io));
    expect(r.code).toBe(2);
    expect(r.err).toContain('unknown topic model format');
  });
});

describe('train command', () => {
  it('explains its usage when --out is missing', () => {
    const r = capture((io) => runTrain([join(FIXTURES, 'train.jsonl')], io));
    expect(r.code).toBe(2);
    expect(r.err).toContain('usage: train TRAIN.jsonl --out MODEL_FILE');
  });

  it('names the line of a training example without a label', () => {
    const dir = mkdtempSync(join(tmpdir(), 'topic-cli-'));
    try {
      const input = join(dir, 'train.jsonl');
      writeFileSync(input, '{"id":"1","text":"a","label":"x"}\n{"id":"2","text":"b"}\n');
      const r = capture((io) => runTrain([input, '--out', join(dir, 'm.json')], io));
      expect(r.code).toBe(1);
      expect(r.err).toContain(':2: missing "label"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits non-zero from the real process on a usage error', () => {
    const r = spawnSync(TSX, [join(ROOT, 'scripts', 'train.ts')], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('usage:');
  });
});
