// Reading and writing files safely (issue 12): hostile globs, devices and FIFOs where a file is
// expected, size limits, symbolic links, encodings, and atomic tailoring-record writes. What used
// to hang runs in a child process with a deadline (test/support/child.ts).
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compileGlob, globProblem, isPathIncluded, parseConfig, RULES } from '../../server/src/engine';
import { CONFIG_FILE_NAME, ConfigCache } from '../../server/src/node/config';
import { compiled, inChild } from '../support/child';

const KNOWN_RULES = RULES.map((rule) => rule.name);
/** What used to hang ran for minutes (or for ever); a child on a loaded 2-core machine starts in 1-3 s. */
const CHILD_DEADLINE_MS = 15000;

describe('file safety: globs', function () {
  this.timeout(30000);

  it('matches a 41-character glob of stars in bounded time (it backtracked for minutes)', () => {
    const glob = `${'a*'.repeat(20)}b`;
    const result = inChild<boolean[]>(
      CHILD_DEADLINE_MS,
      'matching a*a*…b',
      `const { parseConfig, isPathIncluded } = require(${JSON.stringify(compiled('server/src/engine'))});
       const { config } = parseConfig(${JSON.stringify(`include: ["${glob}"]\n`)}, []);
       print([isPathIncluded(config, 'docs/' + 'a'.repeat(60)), isPathIncluded(config, 'docs/' + 'a'.repeat(60) + 'b')]);`,
    );
    assert.deepEqual(result, [false, true]);
  });

  it('matches many ** names in bounded time', () => {
    const glob = `${'**/'.repeat(14)}x`;
    const result = inChild<boolean[]>(
      CHILD_DEADLINE_MS,
      'matching **/**/…/x',
      `const { parseConfig, isPathIncluded } = require(${JSON.stringify(compiled('server/src/engine'))});
       const { config } = parseConfig(${JSON.stringify(`exclude: ["${glob}"]\n`)}, []);
       print([isPathIncluded(config, 'a/'.repeat(40) + 'y'), isPathIncluded(config, 'a/'.repeat(40) + 'x')]);`,
    );
    assert.deepEqual(result, [true, false]);
  });

  it('refuses 20,000 nested braces with a problem instead of overflowing the stack', () => {
    const glob = `${'{'.repeat(20000)}a${'}'.repeat(20000)}`;
    const result = inChild<{ problems: string[]; included: boolean }>(
      CHILD_DEADLINE_MS,
      'parsing 20,000 nested braces',
      `const { parseConfig, isPathIncluded } = require(${JSON.stringify(compiled('server/src/engine'))});
       const { config, problems } = parseConfig(${JSON.stringify(`exclude: ["${glob}"]\n`)}, []);
       print({ problems: problems.map((p) => p.message), included: isPathIncluded({ ...config, exclude: [${JSON.stringify(glob)}] }, 'a') });`,
    );
    assert.equal(result.problems.length, 1);
    assert.match(result.problems[0], /is not used: the glob is 40001 characters long; the limit is 1024\./);
    assert.equal(result.included, true, 'an unusable glob matches nothing');
  });

  it('reports braces nested too deep or standing for too many alternatives, at the glob', () => {
    const deep = `${'{'.repeat(20)}a${'}'.repeat(20)}`;
    const many = '{a,b}'.repeat(10);
    assert.match(globProblem(deep)!, /nested more than 16 deep/);
    assert.match(globProblem(many)!, /more than 256 alternatives/);
    assert.equal(globProblem('{docs,security/{arch,threats}}/*.md'), null);
    const { config, problems } = parseConfig(`include:\n  - "${many}"\n  - docs\n`, KNOWN_RULES);
    assert.deepEqual(config.include, ['docs']);
    assert.deepEqual(problems.map((p) => [p.range.start.line, p.message.replace(/:.*/, '')]), [[1, `'${many}' is not used`]]);
  });

  it('keeps the glob language: ** names, * and ? in a name, braces, literal characters', () => {
    const matches = (glob: string, file: string) => compileGlob(glob).test(file);
    assert.ok(matches('**/drafts/**', 'drafts/a.md'));
    assert.ok(matches('a{b{c}', 'a{bc'), 'an unmatched { is literal, a later one still opens a group');
    assert.ok(matches('docs/[x].md', 'docs/[x].md'));
    assert.ok(matches('*a*', 'bab'));
    assert.ok(!matches('*a*b', 'bab/b'));
    assert.ok(matches('x/*a*b', 'x/abab'));
    assert.ok(matches('docs/**.md', 'docs/x.md'), '** inside a name is a *');
    assert.ok(!matches('docs/**.md', 'docs/x/y.md'));
    assert.ok(isPathIncluded({ ...parseConfig('', KNOWN_RULES).config, include: ['security'] }, 'security/x/a.yaml'));
  });
});

describe('file safety: devices, FIFOs and size limits', function () {
  this.timeout(30000);
  let root: string;
  beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'clause-guide-files-'))));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));
  const fifo = (name: string) => {
    const file = path.join(root, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    execFileSync('mkfifo', [file]);
    return file;
  };
  const node = (relative: string) => JSON.stringify(compiled(relative));

  it('refuses a FIFO as a document with a message instead of waiting for a writer', () => {
    const file = fifo('threat-model.yaml');
    const message = inChild<string>(
      CHILD_DEADLINE_MS,
      'reading a FIFO document',
      `const { readSourceDocument } = require(${node('server/src/node/files')});
       try { readSourceDocument(${JSON.stringify(file)}); print('read'); } catch (error) { print(error.constructor.name + ': ' + error.message); }`,
    );
    assert.equal(message, 'UnreadableFileError: not a regular file (a named pipe); it is not read');
  });

  it('refuses /dev/zero, /dev/urandom and a FIFO as the clause text file, at once', () => {
    const pipe = fifo('iec.yaml');
    const errors = inChild<string[]>(
      CHILD_DEADLINE_MS,
      'loading devices as clause text',
      `const { OfficialTextCache } = require(${node('server/src/node/resources')});
       const cache = new OfficialTextCache();
       print(['/dev/zero', '/dev/urandom', ${JSON.stringify(pipe)}].map((file) => cache.load(file).error));`,
    );
    assert.deepEqual(errors, [
      'Cannot read the clause text file /dev/zero: not a regular file (a device); it is not read',
      'Cannot read the clause text file /dev/urandom: not a regular file (a device); it is not read',
      `Cannot read the clause text file ${pipe}: not a regular file (a named pipe); it is not read`,
    ]);
  });

  it('clause-guide check --config /dev/zero or a FIFO stops with a message (it ran to 2.3 GB)', () => {
    fs.writeFileSync(path.join(root, 'tm.yaml'), 'kind: threat-model\nthreats: []\n');
    const pipe = fifo('pipe.yaml');
    const results = inChild<{ code: number; stderr: string }[]>(
      CHILD_DEADLINE_MS,
      'check --config on devices',
      `const { run } = require(${node('server/src/cli/main')});
       print(['/dev/zero', ${JSON.stringify(pipe)}].map((config) => {
         let stderr = '';
         const code = run(['check', '--config', config, '.'], { cwd: ${JSON.stringify(root)}, stdout: () => {}, stderr: (t) => (stderr += t) });
         return { code, stderr };
       }));`,
    );
    assert.deepEqual(results, [
      { code: 2, stderr: 'clause-guide: cannot read the configuration /dev/zero: not a regular file (a device); it is not read\n' },
      { code: 2, stderr: `clause-guide: cannot read the configuration ${pipe}: not a regular file (a named pipe); it is not read\n` },
    ]);
  });

  it('refuses a .clause-guide.yaml over 1 MB before reading it, with a problem at the file', () => {
    const config = path.join(root, CONFIG_FILE_NAME);
    fs.writeFileSync(config, `rules:\n  clause-uncovered: off\n# ${'x'.repeat(2 * 1024 * 1024)}\n`);
    const loaded = new ConfigCache(KNOWN_RULES).load(path.join(root, 'tm.yaml'), root);
    assert.deepEqual(loaded.problems.map((p) => p.message), [`Cannot read ${CONFIG_FILE_NAME}: it is larger than 1 MB, the limit for a configuration; every setting keeps its default.`]);
    assert.equal(loaded.config.rules['clause-uncovered'], undefined, 'nothing of the file is applied');
  });

  it('reports a FIFO among the documents (walked or given) in one line, and checks the rest', () => {
    fs.writeFileSync(path.join(root, 'tm.yaml'), 'kind: threat-model\nthreats: []\n');
    fifo('docs/pipe.yaml');
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'clause-guide-given-'));
    const given = path.join(elsewhere, 'given.md');
    execFileSync('mkfifo', [given]);
    const skipped: string[] = [];
    const files = inChild<string[]>(
      CHILD_DEADLINE_MS,
      'collecting files beside FIFOs',
      `const { collectFiles } = require(${node('server/src/node/files')});
       const skipped = [];
       const files = collectFiles([${JSON.stringify(root)}, ${JSON.stringify(given)}], (file, reason) => skipped.push(file + ': ' + reason));
       print([...files, '--', ...skipped]);`,
    );
    fs.rmSync(elsewhere, { recursive: true, force: true });
    skipped.push(...files.slice(files.indexOf('--') + 1));
    assert.deepEqual(files.slice(0, files.indexOf('--')), [path.join(root, 'tm.yaml')]);
    assert.deepEqual(skipped.sort(), [
      `${path.join(root, 'docs', 'pipe.yaml')}: not a regular file (a named pipe); it is not read`,
      `${given}: not a regular file (a named pipe); it is not read`,
    ]);
  });
});
