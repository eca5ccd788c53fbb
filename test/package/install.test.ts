// The package as users install it: `npm pack`, then `npm install -g ./clause-guide-*.tgz` into a
// clean prefix outside this repository, then the installed `clause-guide` and `clause-guide-lsp`
// run with nothing of this checkout (no devDependencies, no sources, no out/) within reach.
// Installing fetches the runtime dependencies from the npm registry, as on a user's CI machine.
import { strict as assert } from 'node:assert';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../support/fixtures';
import { startServer } from '../support/lspClient';

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const MINUTE = 60_000;

/** node first on PATH (the bins start with `#!/usr/bin/env node`), and no npm_* of the `npm test` that runs us. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key)) env[key] = value;
  env.PATH = `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`;
  return env;
}

function run(command: string, args: string[], options: { cwd: string; timeout: number }): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { ...options, env: cleanEnv(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw new Error(`${command} ${args.join(' ')}: ${result.error.message}`);
  return result;
}

function succeeded(result: SpawnSyncReturns<string>, what: string): SpawnSyncReturns<string> {
  assert.equal(result.status, 0, `${what} failed (exit ${result.status}):\n${result.stderr.slice(-3000)}`);
  return result;
}

describe('the npm package, installed', function () {
  let scratch: string;
  let prefix: string;
  let packed: { filename: string; files: { path: string }[] };
  let cliBin: string;
  let lspBin: string;
  let project: string;

  before(function () {
    this.timeout(12 * MINUTE);
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'clause-guide-package-'));
    prefix = path.join(scratch, 'prefix');
    // `prepack` builds dist/ (the bundles the bins load), so a fresh checkout packs a working package.
    const pack = succeeded(run(NPM, ['pack', '--json', '--pack-destination', scratch], { cwd: REPO_ROOT, timeout: 5 * MINUTE }), 'npm pack');
    packed = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('[')))[0];
    const tarball = path.join(scratch, packed.filename);
    succeeded(run(NPM, ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', tarball], { cwd: scratch, timeout: 5 * MINUTE }), 'npm install -g');
    const binDir = process.platform === 'win32' ? prefix : path.join(prefix, 'bin');
    cliBin = path.join(binDir, 'clause-guide');
    lspBin = path.join(binDir, 'clause-guide-lsp');
    project = path.join(scratch, 'project');
    fs.cpSync(path.join(REPO_ROOT, 'examples', 'infusync'), project, { recursive: true });
  });

  after(() => {
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('packs the bundles, the bins, the catalog and the schemas, and no sources, tests or source maps', () => {
    const files = packed.files.map((file) => file.path);
    const vendor = ['docx', 'dagre', 'ajv', 'fast-xml-parser', 'packageurl-js', 'cyclonedx-validators'].map((name) => `dist/vendor/${name}.js`);
    for (const needed of ['bin/clause-guide.js', 'bin/clause-guide-lsp.js', 'dist/cli.js', 'dist/server.js', 'dist/catalog.json', ...vendor, 'catalog/clauses.yaml', 'package.json', 'README.md', 'LICENSE']) {
      assert.ok(files.includes(needed), `${needed} is in the package`);
    }
    const unwanted = files.filter((file) => /^(server|client|common|test|out|node_modules|examples|bench|scripts)\/|\.map$|\.ts$/.test(file));
    assert.deepEqual(unwanted, []);
  });

  it('installs no devDependency', () => {
    const installed = path.join(prefix, process.platform === 'win32' ? '' : 'lib', 'node_modules', 'clause-guide');
    assert.ok(fs.existsSync(path.join(installed, 'dist', 'cli.js')));
    const { devDependencies } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    // A devDependency of ours may still be installed as what a runtime dependency needs (docx needs @types/node): only those are allowed.
    const neededByRuntime = new Set<string>();
    const visit = (name: string, from: string) => {
      if (neededByRuntime.has(name)) return;
      const manifest = [path.join(from, 'node_modules', name, 'package.json'), path.join(installed, 'node_modules', name, 'package.json')].find((file) => fs.existsSync(file));
      if (!manifest) return;
      neededByRuntime.add(name);
      const { dependencies = {}, optionalDependencies = {} } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };
      for (const dependency of [...Object.keys(dependencies), ...Object.keys(optionalDependencies)]) visit(dependency, path.dirname(manifest));
    };
    const { dependencies: runtime = {} } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    for (const name of Object.keys(runtime)) visit(name, installed);
    const present = Object.keys(devDependencies).filter(
      (name) => !neededByRuntime.has(name) && (fs.existsSync(path.join(installed, 'node_modules', name)) || fs.existsSync(path.join(prefix, 'lib', 'node_modules', name))),
    );
    assert.deepEqual(present, []);
  });

  it('`clause-guide check` finds the example\'s gaps (exit 1) and writes SARIF', () => {
    // security/ (the example's legacy-bridge/ holds a deliberately oversized file, which makes a check exit 2)
    const text = run(cliBin, ['check', 'security'], { cwd: project, timeout: 2 * MINUTE });
    assert.equal(text.status, 1, text.stderr);
    assert.match(text.stdout, /^security\/lifecycle-plan\.yaml:\d+:\d+: error unknown-clause: IEC 81001-5-1:2021 has no clause 5\.7\.6\./m);
    const sarif = run(cliBin, ['check', 'security', '--format', 'sarif'], { cwd: project, timeout: 2 * MINUTE });
    const [sarifRun] = JSON.parse(sarif.stdout).runs;
    assert.equal(sarifRun.tool.driver.name, 'clause-guide');
    // The SARIF run holds the same findings the text output counts (its last line: "N finding(s): …").
    const counted = Number(/^(\d+) finding\(s\)/m.exec(text.stdout)?.[1]);
    assert.ok(counted > 0, text.stdout);
    assert.equal(sarifRun.results.length, counted);
    const version = succeeded(run(cliBin, ['--version'], { cwd: project, timeout: MINUTE }), '--version');
    assert.equal(version.stdout.trim(), JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version);
  });

  it('`clause-guide report` writes the example\'s audit report as HTML, Markdown and Word', function () {
    this.timeout(3 * MINUTE);
    const html = path.join(scratch, 'audit-report.html');
    succeeded(run(cliBin, ['report', 'security', '--format', 'html', '--out', html], { cwd: project, timeout: 2 * MINUTE }), 'report --format html');
    const page = fs.readFileSync(html, 'utf8');
    assert.match(page, /^<!DOCTYPE html>/i);
    assert.match(page, /data-clause="5\.3\.1"/, 'every clause has a row');
    assert.match(page, /<svg[\s\S]*class="threat[^"]*" data-id="TH-001"/, 'the diagram is drawn inline');
    const markdown = succeeded(run(cliBin, ['report', 'security', '--format', 'md'], { cwd: project, timeout: 2 * MINUTE }), 'report --format md').stdout;
    assert.match(markdown, /^# Security audit report — InfuSync Gateway/m);
    assert.match(markdown, /TH-006/, 'a threat no control mitigates is a row');
    // Word: docx and dagre load from dist/vendor/, the PNG renderer (@resvg/resvg-js, native) from the installed dependencies.
    const docx = path.join(scratch, 'audit-report.docx');
    succeeded(run(cliBin, ['report', 'security', '--format', 'docx', '--out', docx], { cwd: project, timeout: 2 * MINUTE }), 'report --format docx');
    assert.equal(fs.readFileSync(docx).subarray(0, 2).toString('latin1'), 'PK', 'a zip (Word) file');
  });

  it('`--help` on its own and on every command prints the usage and exits 0', () => {
    const overview = succeeded(run(cliBin, ['--help'], { cwd: project, timeout: MINUTE }), '--help');
    const commands = [...overview.stdout.matchAll(/^ {2}([a-z]+) /gm)].map((match) => match[1]);
    for (const expected of ['check', 'coverage', 'tailoring', 'matrix', 'diagram']) assert.ok(commands.includes(expected), `${expected} is listed`);
    for (const command of commands) {
      const help = succeeded(run(cliBin, [command, '--help'], { cwd: project, timeout: MINUTE }), `${command} --help`);
      assert.match(help.stdout, new RegExp(`^Usage: clause-guide ${command} `));
      assert.equal(help.stderr, '');
    }
  });

  it('`clause-guide-lsp --stdio` answers an editor and publishes diagnostics', async function () {
    this.timeout(2 * MINUTE);
    const session = await startServer({ executable: lspBin, workspaceFolders: [pathToFileURL(project).href] });
    try {
      const uri = pathToFileURL(path.join(project, 'security', 'threat-model.yaml')).href;
      session.open(uri, 'yaml', fs.readFileSync(path.join(project, 'security', 'threat-model.yaml'), 'utf8'));
      const diagnostics = await session.diagnostics(uri, (d) => d.some((x) => x.code === 'invalid-value'), 30_000);
      assert.ok(diagnostics.length > 0);
    } finally {
      await session.close();
    }
  });
});
