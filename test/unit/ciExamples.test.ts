// The CI jobs README gives (examples/ci/) run real commands: each `clause-guide` command line is
// run on the example workspace and must be accepted (no usage error), write what its upload step
// reads, in the format that step expects; and README shows exactly these files. A `--out FILE` is
// written to a temporary folder, never into the example.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { runAsync } from '../../server/src/cli/main';
import { REPO_ROOT, testCatalog } from '../support/fixtures';

const EXAMPLE = path.join(REPO_ROOT, 'examples', 'infusync');
const CI = path.join(REPO_ROOT, 'examples', 'ci');
const { version } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };

interface CommandLine {
  args: string[];
  /** The file `>` sends its output to. */
  output?: string;
}

/** The release tag a workflow runs for (`github.ref_name`): a release the example's record has. */
const RELEASE_TAG = '2.3.0';

/** The commands of a shell line (split at `;`, `&&`, `||`, `|`), as words, with a `>` target. */
function commandsOf(script: string): CommandLine[] {
  const line = script.replace(/\$\{\{\s*github\.ref_name\s*\}\}/g, RELEASE_TAG);
  assert.doesNotMatch(line, /["'`$\\]/, `keep the example's shell plain: ${line}`);
  return line.split(/&&|\|\||;|\|/).map((part) => {
    const [command, output] = part.split('>').map((side) => side.trim());
    return { args: command.split(/\s+/).filter(Boolean), output: output || undefined };
  });
}

/**
 * Runs the `clause-guide …` lines on the example, in order, and returns what each wrote by the name
 * the job gives it (stdout sent with `>`, or the file of `--out`); fails on a usage error.
 */
async function runExample(commands: CommandLine[]): Promise<Map<string, string>> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'clause-guide-ci-'));
  const written = new Map<string, string>();
  for (const command of commands.filter((c) => c.args[0] === 'clause-guide')) {
    const args = command.args.slice(1);
    const out = args.indexOf('--out');
    const outName = out >= 0 ? args[out + 1] : undefined;
    if (outName) args[out + 1] = path.join(outDir, path.basename(outName));
    let stdout = '';
    let stderr = '';
    await runAsync(args, { cwd: EXAMPLE, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }, testCatalog());
    // Exit 2 is also the example's deliberately oversized file (unread input); a usage error prints the usage.
    assert.doesNotMatch(stderr, /^Usage: clause-guide/m, `\`${command.args.join(' ')}\` is a real command: ${stderr}`);
    assert.ok(stdout.length > 0, `\`${command.args.join(' ')}\` printed its report or what it wrote`);
    if (command.output) written.set(command.output, stdout);
    if (outName) written.set(outName, fs.readFileSync(args[out + 1], 'utf8'));
  }
  return written;
}

/** The audit report a job keeps: the self-contained HTML `report` wrote. */
function assertHtmlReport(text: string | undefined, name: string): void {
  assert.ok(text, `${name} is written by a clause-guide line of the job`);
  assert.match(text, /^<!DOCTYPE html>/i, `${name} is HTML`);
  assert.match(text, /data-clause="5\.3\.1"/, `${name} is the audit report`);
}

/** The install line names the tarball `npm pack` writes (clause-guide-<version>.tgz). */
function assertInstallsThePackage(command: CommandLine): void {
  assert.deepEqual(command.args.slice(0, 3), ['npm', 'install', '--global']);
  const pattern = new RegExp(`^${path.basename(command.args[3]).replace(/\./g, '\\.').replace(/\*/g, '[^/]*')}$`);
  assert.match(`clause-guide-${version}.tgz`, pattern);
}

describe('CI examples (examples/ci, shown in README)', () => {
  it('GitHub Actions: checks with a real command, uploads the SARIF it wrote to code scanning, keeps the HTML audit report as an artifact', async function () {
    this.timeout(60000);
    const workflow = parse(fs.readFileSync(path.join(CI, 'github-actions.yml'), 'utf8'));
    assert.ok(workflow.on && workflow.jobs, 'a workflow with triggers and jobs');
    assert.equal(workflow.permissions['security-events'], 'write', 'upload-sarif needs it');
    const steps: { run?: string; uses?: string; with?: Record<string, string> }[] = workflow.jobs['clause-guide'].steps;
    const commands = steps.filter((step) => step.run).flatMap((step) => commandsOf(step.run!));
    assertInstallsThePackage(commands.find((command) => command.args[0] === 'npm')!);
    const written = await runExample(commands);
    const upload = steps.find((step) => step.uses?.startsWith('github/codeql-action/upload-sarif@'));
    assert.ok(upload, 'a step uploads SARIF');
    const sarif = JSON.parse(written.get(upload.with!.sarif_file) ?? 'null');
    assert.equal(sarif?.version, '2.1.0', 'the uploaded file is the SARIF a check wrote');
    assert.ok(sarif.runs[0].results.length > 0);
    const artifact = steps.find((step) => step.uses?.startsWith('actions/upload-artifact@'));
    assert.ok(artifact, 'a step keeps the audit report as an artifact');
    assertHtmlReport(written.get(artifact.with!.path), artifact.with!.path);
    assert.equal((artifact as { if?: string }).if, '${{ !cancelled() }}', 'kept when the check fails the job');
  });

  it('GitLab CI: checks with a real command, the code-quality report is the Code Climate JSON it wrote, and the HTML audit report is kept', async function () {
    this.timeout(60000);
    const pipeline = parse(fs.readFileSync(path.join(CI, 'gitlab-ci.yml'), 'utf8'));
    const job: { script: string[]; after_script?: string[]; artifacts: { when: string; paths?: string[]; reports: { codequality: string } } } = pipeline['clause-guide'];
    const commands = [...job.script, ...(job.after_script ?? [])].flatMap(commandsOf);
    assertInstallsThePackage(commands.find((command) => command.args[0] === 'npm')!);
    const written = await runExample(commands);
    const report = JSON.parse(written.get(job.artifacts.reports.codequality) ?? 'null');
    assert.ok(Array.isArray(report) && report.length > 0, 'the code-quality report is the list of issues a check wrote');
    assert.ok(report.every((issue: { check_name?: string; fingerprint?: string }) => issue.check_name && issue.fingerprint));
    assert.equal(job.artifacts.when, 'always', 'the report is kept when the check fails the job');
    const html = (job.artifacts.paths ?? []).find((file) => file.endsWith('.html'));
    assert.ok(html, 'the job keeps an HTML file');
    assertHtmlReport(written.get(html), html);
    assert.ok(
      (job.after_script ?? []).some((line) => line.includes(`--out ${html}`)),
      'the report is written in after_script, which runs when the check failed too',
    );
  });

  it('README shows each file exactly', () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    for (const name of ['github-actions.yml', 'gitlab-ci.yml']) {
      const text = fs.readFileSync(path.join(CI, name), 'utf8');
      assert.ok(readme.includes('```yaml\n' + text + '```\n'), `README has examples/ci/${name} in a yaml block, unchanged`);
    }
  });
});
