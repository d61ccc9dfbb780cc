/**
 * Makes sure a child process (the DynamoDB Local JVM) never outlives this
 * Node process, even when Node dies without running its exit hooks (SIGKILL,
 * a crash, a wrapper such as the tsx CLI killing it).
 *
 * A tiny detached Node process polls its parent id every 500 ms; once this
 * process is gone it sends SIGTERM (then SIGKILL after 3 s) to the child. It
 * exits by itself as soon as the child is gone.
 */
import { spawn } from 'node:child_process';

const WATCHDOG_SCRIPT = [
  'const parent = Number(process.argv[1]);',
  'const target = Number(process.argv[2]);',
  "const alive = (pid) => { try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; } };",
  'const kill = (signal) => { try { process.kill(target, signal); } catch {} };',
  'const timer = setInterval(() => {',
  '  if (!alive(target)) process.exit(0);',
  '  if (process.ppid !== parent) {',
  "    clearInterval(timer); kill('SIGTERM');",
  "    setTimeout(() => { kill('SIGKILL'); process.exit(0); }, 3000);",
  '  }',
  '}, 500);',
].join('\n');

/** Returns the watchdog's pid. */
export const startOrphanWatchdog = (targetPid: number): number | undefined => {
  const watchdog = spawn(process.execPath, ['-e', WATCHDOG_SCRIPT, String(process.pid), String(targetPid)], {
    detached: true,
    stdio: 'ignore',
  });
  watchdog.unref();
  return watchdog.pid;
};
