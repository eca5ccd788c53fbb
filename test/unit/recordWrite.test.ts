// Writing the tailoring record (issue 12): atomically (a full disk leaves the original whole),
// never over another program's change, never outside the workspace, and in the record's own
// encoding and line ends. Failures are injected at fs.writeSync, the call through which every
// byte reaches the disk (fs.writeFileSync uses it too), so the old code meets the same failure.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { newTailoringRecordPath } from '../../server/src/lsp/records';
import { writeFileAtomic, WriteFileError } from '../../server/src/node/atomicWrite';
import { cli, workspace } from '../support/cli';

// The module object itself: `import * as fs` gives a read-only view of it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fsModule: { writeSync: typeof fs.writeSync } = require('node:fs');

const CONFIG = 'clauses:\n  include: ["5.4", "4.1.5"]\n';
const RECORD = [
  '# Tailoring record — kept by Product Security.',
  'kind: tailoring-record',
  'title: InfuSync tailoring',
  'approvers:',
  '  - name: Dana Ruiz',
  '    security_expertise: CSSLP',
  'entries:',
  '  - clause: "5.4.1"',
  '    decision: not-applicable',
  "    justification: 'No external interface.'",
  '    approved_by: Dana Ruiz',
  '',
].join('\n');

/** Runs `fn` with fs.writeSync replaced by `replacement` (given the real one). */
function withWriteSync<T>(replacement: (real: typeof fs.writeSync, ...args: Parameters<typeof fs.writeSync>) => number, fn: () => T): T {
  const real = fsModule.writeSync;
  fsModule.writeSync = ((...args: Parameters<typeof fs.writeSync>) => replacement(real, ...args)) as typeof fs.writeSync;
  try {
    return fn();
  } finally {
    fsModule.writeSync = real;
  }
}

/** A disk with `free` bytes left: a write gets what fits, then ENOSPC, as the kernel does. */
function diskWithRoom(free: number) {
  return (real: typeof fs.writeSync, fd: number, buffer: unknown, offset?: unknown, length?: unknown) => {
    const data = buffer as Buffer;
    const from = (offset as number | undefined) ?? 0;
    const wanted = (length as number | undefined) ?? data.length - from;
    if (free <= 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
    const written = real(fd, data, from, Math.min(wanted, free));
    free -= written;
    return written;
  };
}

const leftovers = (folder: string) => fs.readdirSync(folder).filter((name) => name.endsWith('.tmp'));

describe('writing the tailoring record', function () {
  this.timeout(20000);
  it('leaves the record whole when the disk fills up mid-write (it was truncated, six lines lost)', () => {
    const root = workspace({ '.clause-guide.yaml': CONFIG, 'security/tailoring-record.yaml': RECORD });
    const file = path.join(root, 'security/tailoring-record.yaml');
    const { code, stderr } = withWriteSync(diskWithRoom(200), () => cli(['tailoring', '--write'], root));
    assert.equal(code, 2);
    assert.match(stderr, /cannot write .*tailoring-record\.yaml: the disk is full; the file is unchanged\./);
    assert.equal(fs.readFileSync(file, 'utf8'), RECORD, 'every byte of the record is still there');
    assert.deepEqual(leftovers(path.dirname(file)), [], 'the temporary file is removed');
  });

  it('does not overwrite a change another program saves while the update is written (lost update)', () => {
    const root = workspace({ '.clause-guide.yaml': CONFIG, 'security/tailoring-record.yaml': RECORD });
    const file = path.join(root, 'security/tailoring-record.yaml');
    const theirs = RECORD.replace("'No external interface.'", "'No external interface; reviewed 2026-12-04.'");
    let saved = false;
    const { code, stderr } = withWriteSync(
      (real, fd, ...rest) => {
        // The other program saves once, after Clause Guide has read the record and while it writes.
        if (!saved) {
          saved = true;
          fs.writeFileSync(file, theirs);
        }
        return (real as (...a: unknown[]) => number)(fd, ...rest);
      },
      () => cli(['tailoring', '--write'], root),
    );
    assert.ok(saved, 'the other program saved');
    assert.equal(fs.readFileSync(file, 'utf8'), theirs, "the other program's change is kept");
    assert.equal(code, 2);
    assert.match(stderr, /changed while the update was being made/);
    assert.deepEqual(leftovers(path.dirname(file)), []);
  });

  it('does not follow a security/ folder that links out of the workspace', () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'clause-guide-outside-'));
    const root = workspace({ '.clause-guide.yaml': CONFIG, 'tm.yaml': 'kind: threat-model\n' });
    fs.symlinkSync(outside, path.join(root, 'security'));
    const plan = cli(['tailoring'], root);
    assert.match(plan.stdout, /^tailoring-record\.yaml: would be created with/, 'the new record goes to the project root');
    const { code, stderr } = cli(['tailoring', '--write'], root);
    assert.match(stderr, /security: a symbolic link to a folder outside the workspace; not followed/);
    assert.equal(code, 2, 'a folder that was not read fails the gate');
    assert.deepEqual(fs.readdirSync(outside), [], 'nothing is written outside the workspace');
    fs.rmSync(path.join(root, 'security'));
    assert.equal(cli(['tailoring', '--write'], root).code, 0);
    assert.equal(parseYaml(fs.readFileSync(path.join(root, 'tailoring-record.yaml'), 'utf8')).kind, 'tailoring-record');
    fs.rmSync(outside, { recursive: true, force: true });
  });

  it('in the editor too, plans a new record at the root when security/ links out of the workspace', () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'clause-guide-outside-'));
    const root = workspace({ 'tm.yaml': 'kind: threat-model\n' });
    fs.symlinkSync(outside, path.join(root, 'security'));
    assert.deepEqual(newTailoringRecordPath(root), { file: path.join(root, 'tailoring-record.yaml') });
    fs.rmSync(path.join(root, 'security'));
    fs.mkdirSync(path.join(root, 'security'));
    assert.deepEqual(newTailoringRecordPath(root), { file: path.join(root, 'security', 'tailoring-record.yaml') });
    fs.rmSync(outside, { recursive: true, force: true });
  });

  it('in the editor, names a record it cannot read instead of planning a second one (as the CLI does)', () => {
    const root = workspace({ 'tm.yaml': 'kind: threat-model\n' });
    fs.mkdirSync(path.join(root, 'security'));
    // Windows-1252: "Décision" with é as the single byte 0xE9, not valid UTF-8.
    fs.writeFileSync(path.join(root, 'security', 'tailoring-record.yaml'), Buffer.from('kind: tailoring-record\ntitle: D\xe9cision\n', 'latin1'));
    const target = newTailoringRecordPath(root);
    assert.equal(target.file, path.join(root, 'security', 'tailoring-record.yaml'), 'no second record is planned');
    assert.match(target.problem ?? '', /tailoring-record\.yaml exists but cannot be read \(not UTF-8 text/);
    const cliSays = cli(['tailoring', '--write'], root);
    assert.equal(cliSays.code, 2);
    assert.match(cliSays.stderr, /cannot read security\/tailoring-record\.yaml: not UTF-8 text/, 'the CLI names the same file and reason');
    assert.deepEqual(fs.readdirSync(path.join(root, 'security')), ['tailoring-record.yaml'], 'nothing else is written');
  });

  it('refuses to write through a path whose real folder is outside the root', () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'clause-guide-outside-'));
    const root = workspace({ 'keep.yaml': 'x\n' });
    fs.symlinkSync(outside, path.join(root, 'link'));
    assert.throws(
      () => writeFileAtomic(path.join(root, 'link', 'tailoring-record.yaml'), Buffer.from('kind: tailoring-record\n'), { expected: null, root }),
      (error: Error) => error instanceof WriteFileError && /leads outside .* Nothing was written\./.test(error.message),
    );
    fs.symlinkSync(path.join(outside, 'elsewhere.yaml'), path.join(root, 'record.yaml'));
    fs.writeFileSync(path.join(outside, 'elsewhere.yaml'), 'theirs\n');
    assert.throws(() => writeFileAtomic(path.join(root, 'record.yaml'), Buffer.from('ours\n'), { expected: Buffer.from('theirs\n'), root }), /leads outside/);
    assert.equal(fs.readFileSync(path.join(outside, 'elsewhere.yaml'), 'utf8'), 'theirs\n');
    assert.deepEqual(fs.readdirSync(outside), ['elsewhere.yaml']);
    fs.rmSync(outside, { recursive: true, force: true });
  });

  it('creates a new record without replacing one that appears meanwhile, and keeps the mode of one it updates', () => {
    const root = workspace({ 'a.yaml': 'old\n' });
    fs.chmodSync(path.join(root, 'a.yaml'), 0o640);
    writeFileAtomic(path.join(root, 'a.yaml'), Buffer.from('new\n'), { expected: Buffer.from('old\n'), root });
    assert.equal(fs.readFileSync(path.join(root, 'a.yaml'), 'utf8'), 'new\n');
    assert.equal(fs.statSync(path.join(root, 'a.yaml')).mode & 0o777, 0o640);
    assert.throws(() => writeFileAtomic(path.join(root, 'a.yaml'), Buffer.from('x\n'), { expected: null, root }), /already exists; nothing was written/);
    assert.deepEqual(leftovers(root), []);
  });

  for (const [name, encode] of [
    ['UTF-8 with a byte-order mark', (text: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])],
    ['UTF-8 with CRLF line ends', (text: string) => Buffer.from(text.replace(/\n/g, '\r\n'))],
    ['UTF-8 with a byte-order mark and CRLF', (text: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text.replace(/\n/g, '\r\n'))])],
    ['UTF-8 with old Mac line ends (CR only)', (text: string) => Buffer.from(text.replace(/\n/g, '\r'))],
    ['UTF-16 LE with a byte-order mark', (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
    ['UTF-16 BE with a byte-order mark', (text: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()])],
  ] as const) {
    it(`adds the entries to a record in ${name}, written back the same way`, () => {
      const root = workspace({ '.clause-guide.yaml': CONFIG });
      const file = path.join(root, 'security/tailoring-record.yaml');
      fs.mkdirSync(path.dirname(file));
      const original = encode(RECORD);
      fs.writeFileSync(file, original);
      const { code, stdout, stderr } = cli(['tailoring', '--write'], root);
      assert.equal(code, 0, stderr);
      assert.match(stdout, /added 4 tailoring entries/);
      const written = fs.readFileSync(file);
      assert.ok(written.subarray(0, original.length).equals(original), 'the record starts with every original byte');
      const again = cli(['tailoring', '--write'], root);
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stdout, /nothing to add/);
      assert.ok(fs.readFileSync(file).equals(written), 'the second run writes nothing');
      assert.deepEqual(fs.readFileSync(file).equals(encode(decodeBack(written, name))), true, 'the whole file is in the original encoding and line ends');
    });
  }
});

/** The text of a file written in `name`'s encoding, with LF line ends (re-encoded by the test's own encoder to compare). */
function decodeBack(bytes: Buffer, name: string): string {
  const text = name.startsWith('UTF-16 LE')
    ? bytes.subarray(2).toString('utf16le')
    : name.startsWith('UTF-16 BE')
      ? Buffer.from(bytes.subarray(2)).swap16().toString('utf16le')
      : bytes.subarray(name.includes('mark') ? 3 : 0).toString('utf8');
  return text.replace(/\r\n?/g, '\n');
}
