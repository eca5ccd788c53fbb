// Evidence files written by the real tools, made at test time: JUnit XML from mocha's own `xunit`
// reporter run on a small committed suite (test/fixtures/junit-mocha), and published Threat Dragon
// models from the npm registry (pinned version, integrity checked, cached).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from './fixtures';

export const MOCHA_SUITE = path.join(REPO_ROOT, 'test', 'fixtures', 'junit-mocha', 'verification.spec.js');

let mochaXml: string | undefined;

/**
 * Runs mocha with its built-in `xunit` reporter over the fixture suite (one passing and one
 * failing test) and returns the XML it wrote. Mocha exits 1 because a test fails; that is the point.
 */
export function mochaJUnitXml(): string {
  if (mochaXml !== undefined) return mochaXml;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-mocha-junit-'));
  const output = path.join(dir, 'junit.xml');
  const mocha = path.join(REPO_ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');
  const run = spawnSync(process.execPath, [mocha, '--no-config', '--reporter', 'xunit', '--reporter-option', `output=${output}`, '--reporter-option', 'showRelativePaths=true', MOCHA_SUITE], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (run.status !== 1 || !fs.existsSync(output)) throw new Error(`mocha should fail one test and write ${output}: exit ${run.status} ${run.stderr}`);
  mochaXml = fs.readFileSync(output, 'utf8');
  fs.rmSync(dir, { recursive: true, force: true });
  return mochaXml;
}
