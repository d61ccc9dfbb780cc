/**
 * What `classify` and `train` share: where they write, and how they read their
 * arguments (one input file, `-` for stdin, and options that take a file).
 */
import { readFileSync } from 'node:fs';

export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

export const processIo: CliIo = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
};

/** The command's input: its path as given and its text. */
export interface CliInput<K extends string> {
  readonly input: string;
  readonly text: string;
  readonly options: Partial<Record<K, string>>;
}

/**
 * Reads `argv`: `--help`/`-h`, the options in `fileOptions` (each flag → the
 * option it sets; every one takes a file), and exactly one input path. On
 * help or a usage error it writes to `io` and returns the exit code (0 or 2).
 * `required` options must be given.
 */
export function readCliInput<K extends string>(
  argv: readonly string[],
  io: CliIo,
  usage: string,
  fileOptions: Readonly<Record<string, K>>,
  required: readonly K[] = [],
): CliInput<K> | number {
  const options: Partial<Record<K, string>> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const option = fileOptions[a];
    if (option !== undefined) {
      const value = argv[++i];
      if (value === undefined) {
        io.err(`${a} needs a file\n${usage}\n`);
        return 2;
      }
      options[option] = value;
    } else if (a === '--help' || a === '-h') {
      io.out(`${usage}\n`);
      return 0;
    } else if (a.startsWith('-') && a !== '-') {
      io.err(`unknown option ${a}\n${usage}\n`);
      return 2;
    } else positional.push(a);
  }
  const input = positional[0];
  if (input === undefined || positional.length > 1 || required.some((k) => options[k] === undefined)) {
    io.err(`${usage}\n`);
    return 2;
  }
  try {
    return { input, text: readFileSync(input === '-' ? 0 : input, 'utf8'), options };
  } catch (err) {
    io.err(`cannot read ${input}: ${(err as Error).message}\n`);
    return 2;
  }
}
