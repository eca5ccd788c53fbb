// The CLI as a process, where its output can fail: a full disk, a reader that stops early. It runs
// the compiled entry point (out/…/cli/main.js: `tsc` builds it for these tests; bin/clause-guide.js
// runs the same main() from the bundle). Every wait is bounded.
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { workspace } from '../support/cli';
import { REPO_ROOT } from '../support/fixtures';
import { STACK_TRACE } from '../support/hostileInputs';

const ENTRY = path.join(REPO_ROOT, 'out', 'server', 'src', 'cli', 'main.js');
const quiet = 'rules:\n  clause-uncovered: off\n';

describe('clause-guide as a process: output that cannot be written', function () {
  this.timeout(30000);
  if (process.platform === 'win32') return;

  it('a full disk (> /dev/full) ends in one line naming the problem and exit 2, not a stack trace, even when the check passes', () => {
    const files: Record<string, string> = { '.clause-guide.yaml': quiet, 'tm.yaml': 'kind: threat-model\nclauses: ["7.2"]\n', 'bad.yaml': 'kind: threat-model\nclauses: ["9.9"]\n' };
    for (const args of [['check'], ['check', 'tm.yaml'], ['check', '--format', 'sarif'], ['coverage']]) {
      const full = fs.openSync('/dev/full', 'w');
      try {
        const result = spawnSync(process.execPath, [ENTRY, ...args], { cwd: workspace(files), stdio: ['ignore', full, 'pipe'], timeout: 20000, encoding: 'utf8' });
        assert.equal(result.signal, null, `${args.join(' ')}: ended by ${result.signal}`);
        assert.doesNotMatch(result.stderr, STACK_TRACE, args.join(' '));
        assert.match(result.stderr, /^clause-guide: cannot write the output: ENOSPC/m, args.join(' '));
        assert.equal(result.status, 2, args.join(' '));
      } finally {
        fs.closeSync(full);
      }
    }
  });

  it('a reader that stops early (| head -1) ends it quietly, with the exit code of the check', async () => {
    // Enough findings that the report is larger than a pipe's buffer, so the write is still going when the reader goes.
    const files: Record<string, string> = { '.clause-guide.yaml': quiet };
    for (let i = 0; i < 300; i++) files[`tm${i}.yaml`] = `kind: threat-model\nclauses: ["9.${i}", "8.${i}"]\n`;
    const root = workspace(files);
    for (const [args, expected] of [[['check'], 1], [['check', '--fail-on', 'never'], 0]] as const) {
      const child = spawn(process.execPath, [ENTRY, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      const firstLine = await new Promise<string>((resolve) => child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().split('\n')[0])));
      child.stdout.destroy(); // what `head -1` does after its line
      const code = await new Promise<number | null>((resolve, reject) => {
        const deadline = setTimeout(() => reject(new Error('the CLI did not end within 20 s of its reader leaving')), 20000);
        child.on('close', (status) => {
          clearTimeout(deadline);
          resolve(status);
        });
      });
      assert.match(firstLine, /^tm\d+\.yaml:2:\d+: error unknown-clause/);
      assert.equal(stderr, '', 'nothing on stderr');
      assert.equal(code, expected, args.join(' '));
    }
  });
});

describe('clause-guide as a process: input that never ends', function () {
  this.timeout(30000);
  if (process.platform === 'win32') return;

  it('--config /dev/zero ends at once with exit 2 and a message naming the file (it read 2.3 GB and hung)', () => {
    const root = workspace({ 'tm.yaml': 'kind: threat-model\nclauses: ["7.2"]\n' });
    const result = spawnSync(process.execPath, [ENTRY, 'check', '--config', '/dev/zero'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], timeout: 15000, encoding: 'utf8' });
    assert.equal(result.signal, null, 'killed after 15 s: it hung');
    assert.equal(result.status, 2);
    assert.doesNotMatch(result.stderr, STACK_TRACE);
    assert.match(result.stderr, /^clause-guide: cannot read the configuration \/dev\/zero: not a regular file/m);
  });
});
