/**
 * Test helper process: starts a long-running child plus its orphan watchdog,
 * prints the child's pid, then waits to be killed.
 */
import { spawn } from 'node:child_process';
import { startOrphanWatchdog } from '../../../local/orphan-watchdog';

const child = spawn('sleep', ['600'], { stdio: 'ignore' });
if (child.pid !== undefined) startOrphanWatchdog(child.pid);
process.stdout.write(`child ${child.pid}\n`);
setInterval(() => undefined, 60_000);
