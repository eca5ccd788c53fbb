// Runs a piece of code in a separate node process with a deadline, for tests of things that used
// to hang: a hang in this process could not be interrupted, a child is killed at the deadline.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

/** The compiled (out/) path of a module of the repository, for require() in a child. */
export function compiled(relative: string): string {
  return path.join(__dirname, '..', '..', relative);
}

/**
 * Runs `script` (CommonJS; `print(value)` sends a JSON value back) in a child node process. Throws
 * when it does not finish within `ms`, or fails; returns what it printed last.
 */
export function inChild<T = unknown>(ms: number, what: string, script: string, options: { cwd?: string } = {}): T {
  const wrapped = `const print = (value) => process.stdout.write('\\n@@' + JSON.stringify(value === undefined ? null : value));\n${script}`;
  const started = performance.now();
  const result = spawnSync(process.execPath, ['-e', wrapped], { timeout: ms, encoding: 'utf8', cwd: options.cwd, maxBuffer: 64 * 1024 * 1024 });
  const elapsed = (performance.now() - started).toFixed(0);
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT' || result.signal === 'SIGTERM') {
    throw new Error(`${what} did not finish within ${ms} ms (killed after ${elapsed} ms)`);
  }
  if (result.status !== 0) throw new Error(`${what} failed (exit ${result.status}): ${result.stderr.slice(0, 2000)}`);
  const at = result.stdout.lastIndexOf('\n@@');
  if (at < 0) throw new Error(`${what} printed no result: ${result.stdout.slice(0, 500)} ${result.stderr.slice(0, 500)}`);
  return JSON.parse(result.stdout.slice(at + 3)) as T;
}
