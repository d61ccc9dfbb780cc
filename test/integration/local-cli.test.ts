/**
 * `npm start` (scripts/local.ts) as a user and scripts see it: the exact
 * start-up lines, `Ready`, a clean stop on Ctrl-C with no JVM left behind
 * and the data kept, and a clear error when a port is taken. (A CLI killed
 * outright is covered by the orphan-watchdog test in local-mode-parts.)
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const repoRoot = path.resolve(__dirname, '../..');

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

/** Command lines of running DynamoDB Local JVMs that use this data directory. */
const jvmsUsing = (dataDir: string): string[] =>
  execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes('DynamoDBLocal') && line.includes(dataDir));

interface Run {
  readonly child: ChildProcess;
  output(): string;
  waitFor(pattern: RegExp, timeoutMs: number): Promise<void>;
  exited: Promise<number | null>;
}

const startCli = (env: Record<string, string>, args: string[] = []): Run => {
  // `node --import tsx` rather than the tsx CLI: the CLI relays signals with a 30 ms grace and then
  // SIGKILLs, which would test tsx, not the script.
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/local.ts', ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners: (() => void)[] = [];
  const collect = (data: Buffer): void => {
    output += data.toString();
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => output,
    exited,
    waitFor: (pattern, timeoutMs) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          if (pattern.test(output)) {
            clearTimeout(timer);
            resolve();
          }
        };
        const timer = setTimeout(
          () => reject(new Error(`Timed out waiting for ${pattern}; output so far:\n${output}`)),
          timeoutMs,
        );
        listeners.push(check);
        void exited.then(() => {
          if (!pattern.test(output)) {
            clearTimeout(timer);
            reject(new Error(`Exited before ${pattern}; output:\n${output}`));
          }
        });
        check();
      }),
  };
};

describe('npm start (scripts/local.ts)', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'local-cli-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('prints the endpoint lines exactly, then Ready, and stops cleanly on Ctrl-C', async () => {
    const s3Port = await freePort();
    const dynamoPort = await freePort();
    const httpPort = await freePort();
    const run = startCli({
      LOCAL_DATA_DIR: dataDir,
      LOCAL_S3_PORT: String(s3Port),
      LOCAL_DYNAMODB_PORT: String(dynamoPort),
      LOCAL_HTTP_PORT: String(httpPort),
    });
    try {
      await run.waitFor(/^Ready$/m, 100_000);
      const lines = run.output().split('\n');
      expect(lines).toContain(`S3 endpoint: http://127.0.0.1:${s3Port} bucket: news-drop prefix: incoming/`);
      expect(lines).toContain(`DynamoDB endpoint: http://127.0.0.1:${dynamoPort} table: news-articles`);
      const s3Line = lines.findIndex((line) => line.startsWith('S3 endpoint: '));
      const ddbLine = lines.findIndex((line) => line.startsWith('DynamoDB endpoint: '));
      expect(ddbLine).toBe(s3Line + 1);
      expect(lines.indexOf('Ready')).toBeGreaterThan(ddbLine);
      expect(run.output()).toContain(`aws --endpoint-url http://127.0.0.1:${s3Port} s3 cp`);
      expect(lines).toContain(`API: http://127.0.0.1:${httpPort}/`);
      expect(lines).toContain(`Dashboard: http://127.0.0.1:${httpPort}/`);
      // The samples were ingested and the same process serves them through the query API and the page.
      const listed = (await (
        await fetch(`http://127.0.0.1:${httpPort}/api/articles?language=de`)
      ).json()) as {
        items: unknown[];
      };
      expect(listed.items.length).toBeGreaterThan(0);
      expect(await (await fetch(`http://127.0.0.1:${httpPort}/`)).text()).toContain('<html');
      expect(jvmsUsing(dataDir)).toHaveLength(1);
    } finally {
      run.child.kill('SIGINT');
    }
    expect(await run.exited).toBe(0);
    expect(run.output()).toMatch(/^Stopped$/m);
    expect(jvmsUsing(dataDir)).toEqual([]);
    // Data stays under the data directory for the next run.
    expect(existsSync(path.join(dataDir, 'dynamodb', 'shared-local-instance.db'))).toBe(true);
    expect(existsSync(path.join(dataDir, 's3', 'news-drop'))).toBe(true);
  }, 150_000);

  it('says which variable to change when the S3 port is taken', async () => {
    const blocker = net.createServer();
    const port = await new Promise<number>((resolve) =>
      blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as net.AddressInfo).port)),
    );
    try {
      const run = startCli({
        LOCAL_DATA_DIR: dataDir,
        LOCAL_S3_PORT: String(port),
        LOCAL_DYNAMODB_PORT: String(await freePort()),
        LOCAL_HTTP_PORT: String(await freePort()),
      });
      expect(await run.exited).toBe(1);
      expect(run.output()).toMatch(new RegExp(`Port ${port} is already in use.*LOCAL_S3_PORT`));
      expect(jvmsUsing(dataDir)).toEqual([]);
    } finally {
      blocker.close();
    }
  }, 60_000);
});
