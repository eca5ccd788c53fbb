// Our own hostile round beyond the outside testers' list (issue 12): encodings they did not try,
// links that loop or lead out, ids that look alike but are not, through the CLI as a CI job runs
// it. Each case gets a clear finding or message and a gate that does not pass on what was not read.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { run } from '../../server/src/cli/main';
import { testCatalog } from '../support/fixtures';

const STACK_TRACE = /\n\s+at .+:\d+:\d+/;

describe('hostile input, our own round: the CLI', function () {
  this.timeout(20000);
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'clause-guide-round-'));
    write('.clause-guide.yaml', 'rules:\n  clause-uncovered: off\n');
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  function write(name: string, content: string | Buffer) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), content);
  }
  function check(...args: string[]) {
    let stdout = '';
    let stderr = '';
    const code = run(['check', '--format', 'json', ...args], { cwd: root, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }, testCatalog());
    assert.doesNotMatch(stderr, STACK_TRACE, 'no stack trace');
    return { code, findings: JSON.parse(stdout || '[]') as { file: string; rule: string; message: string }[], stderr };
  }

  it('refuses encodings it cannot read as such, by name, and fails the gate: UTF-32, encoded surrogates, overlong UTF-8', () => {
    const utf32 = Buffer.alloc(4 + 4 * 19);
    utf32.writeUInt32LE(0xfeff, 0);
    [...'kind: threat-model\n'].forEach((char, i) => utf32.writeUInt32LE(char.codePointAt(0)!, 4 + 4 * i));
    write('utf32.yaml', utf32);
    // CESU-8 / WTF-8: a surrogate encoded as three bytes is not UTF-8.
    write('cesu.yaml', Buffer.concat([Buffer.from('kind: threat-model\ntitle: '), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('\n')]));
    // "/" encoded in two bytes: the classic filter bypass; not UTF-8 either.
    write('overlong.md', Buffer.concat([Buffer.from('---\nkind: threat-model\n---\n'), Buffer.from([0xc0, 0xaf]), Buffer.from('\n')]));
    write('tm.yaml', 'kind: threat-model\nthreats: []\n');
    const { code, stderr } = check();
    assert.equal(code, 2);
    for (const name of ['utf32.yaml', 'cesu.yaml', 'overlong.md']) assert.match(stderr, new RegExp(`cannot read ${name.replace('.', '\\.')}: `), name);
    assert.match(stderr, /3 files could not be read/);
  });

  it('names a link that loops, and one that leads out of the workspace, without following either', () => {
    fs.symlinkSync(path.join(root, 'b.yaml'), path.join(root, 'a.yaml'));
    fs.symlinkSync(path.join(root, 'a.yaml'), path.join(root, 'b.yaml'));
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'clause-guide-outside-'));
    fs.writeFileSync(path.join(outside, 'secret.yaml'), 'kind: threat-model\nthreats:\n  - id: TH-SECRET\n    title: outside text\n');
    fs.symlinkSync(path.join(outside, 'secret.yaml'), path.join(root, 'secret.yaml'));
    write('tm.yaml', 'kind: threat-model\nthreats: []\n');
    try {
      const { code, findings, stderr } = check();
      assert.doesNotMatch(JSON.stringify(findings), /TH-SECRET|outside text/, 'the outside file is not read');
      assert.match(stderr, /a\.yaml/);
      assert.notEqual(code, 0, 'a loop named by the walk is unread input');
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('tells ids apart that differ only by an invisible character, and says so in the message', () => {
    write('tm.yaml', 'kind: threat-model\nthreats:\n  - id: TH-1\n    title: Replay\n');
    write('arch.yaml', 'kind: security-architecture\ncontrols:\n  - id: SC-1\n    name: Signing\n    mitigates: ["TH-1\u200b"]\n');
    const { findings } = check();
    const unknown = findings.find((finding) => finding.rule === 'unknown-reference');
    assert.ok(unknown, 'TH-1 with a zero-width space is not TH-1');
    assert.match(unknown.message, /^TH-1\\u200b is not defined anywhere/, 'the invisible character is shown, or the message would read "TH-1 is not defined"');
    assert.match(unknown.message, /looks like TH-1/, 'and the id it looks like is named');
  });
});
