// Runs the CLI in-process over a temporary workspace given as { path: text }.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { run } from '../../server/src/cli/main';
import { testCatalog } from './fixtures';

export function workspace(files: Record<string, string>, prefix = 'clause-guide-cli-'): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}

export function cli(args: string[], cwd: string): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = run(args, { cwd, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }, testCatalog());
  return { code, stdout, stderr };
}
