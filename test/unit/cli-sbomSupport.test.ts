// `clause-guide sbom-support` on real files: the sidecar is merged by insertion only (hand-written
// bytes compared before and after), a second run changes no byte, nothing is written through a link
// out of the workspace, and the addendum goes to stdout (Markdown, CSV) or --out.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli, workspace } from '../support/cli';
import { cdx } from './evidence/infrastructure.test';
import { openssl, paho, sqlite } from '../support/sbomComponents';


const HAND_WRITTEN = [
  '# Support data kept by Product Security.   ',
  'components:',
  '  "pkg:generic/sqlite@3.45.1":',
  "    support_level:   'actively maintained'   # per the vendor letter",
  '    end_of_support: 2050-05-31',
  '    # reviewed 2026-11-02',
  '',
].join('\n');

describe('clause-guide sbom-support', () => {
  it('merges an undecided entry per component into the sidecar, keeping every hand-written byte, and run twice changes nothing', () => {
    const root = workspace({ 'security/bom.json': cdx([openssl, paho, sqlite]), 'security/bom.support.yaml': HAND_WRITTEN });
    const file = path.join(root, 'security/bom.support.yaml');
    const before = fs.readFileSync(file);

    const first = cli(['sbom-support'], root);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /security\/bom\.support\.yaml: added 1 undecided entry for security\/bom\.json \(pkg:github\/eclipse\/paho\.mqtt\.c@1\.3\.13\)/);
    const after = fs.readFileSync(file);
    // Insertion only: the file is the hand-written bytes (up to its last line break) and the added block after them.
    assert.ok(after.subarray(0, before.length - 1).equals(before.subarray(0, before.length - 1)), after.toString());
    assert.match(after.subarray(before.length - 1).toString(), /^\n {2}# Added by Clause Guide on \d{4}-\d{2}-\d{2}: undecided[^\n]*\n {2}# paho-mqtt-c@1\.3\.13 \(no supplier named\)\n {2}"pkg:github\/eclipse\/paho\.mqtt\.c@1\.3\.13":\n {4}support_level:\n {4}end_of_support:\n$/);

    const second = cli(['sbom-support'], root);
    assert.equal(second.code, 0, second.stderr);
    assert.doesNotMatch(second.stderr, /added|created/);
    assert.ok(fs.readFileSync(file).equals(after), 'the second run changes no byte');
    // The addendum says what is stated, and "not stated" where nothing is.
    assert.match(second.stdout, /\| security\/bom\.json \| paho-mqtt-c \| 1\.3\.13 \|  \| pkg:github\/eclipse\/paho\.mqtt\.c@1\.3\.13 \| not stated \| not stated \|  \|/);
    assert.match(second.stdout, /\| sqlite \| 3\.45\.1 \| SQLite Consortium \| pkg:generic\/sqlite@3\.45\.1 \| actively maintained \| 2050-05-31 \| security\/bom\.support\.yaml \|/);
    // The undecided entry is no support data: the check still reports the component.
    const findings = JSON.parse(cli(['check', '--format', 'json'], root).stdout) as { rule: string; message: string }[];
    assert.deepEqual(findings.filter((f) => f.rule === 'component-support-missing').map((f) => /Component (\S+)/.exec(f.message)![1]), ['paho-mqtt-c@1.3.13']);
  });

  it('creates <sbom>.support.yaml when there is none, and writes the CSV addendum to --out', () => {
    const root = workspace({ 'bom.json': cdx([openssl, paho]) });
    const { code, stdout, stderr } = cli(['sbom-support', '--format', 'csv', '--out', 'support.csv'], root);
    assert.equal(code, 0, stderr);
    assert.equal(stdout, '');
    assert.match(stderr, /^bom\.support\.yaml: created with 1 undecided entry for bom\.json/m);
    assert.match(fs.readFileSync(path.join(root, 'bom.support.yaml'), 'utf8'), /^components:\n {2}# Added by Clause Guide/m);
    const csv = fs.readFileSync(path.join(root, 'support.csv'), 'utf8').split('\r\n');
    assert.equal(csv[0], 'SBOM,Component,Version,Supplier,Package URL,Level of support,End-of-support date,Stated in');
    assert.equal(csv[2], 'bom.json,paho-mqtt-c,1.3.13,,pkg:github/eclipse/paho.mqtt.c@1.3.13,not stated,not stated,');
  });

  it('never writes through a sidecar link that leads out of the workspace', () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-outside-'));
    try {
      const target = path.join(outside, 'theirs.support.yaml');
      fs.writeFileSync(target, 'components:\n');
      const root = workspace({ 'bom.json': cdx([paho]) });
      fs.symlinkSync(target, path.join(root, 'bom.support.yaml'));
      const { code, stderr } = cli(['sbom-support'], root);
      assert.equal(code, 2);
      assert.match(stderr, /leads outside|outside/);
      assert.equal(fs.readFileSync(target, 'utf8'), 'components:\n');
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('writes nothing when an SBOM or sidecar could not be read, and says which', () => {
    const root = workspace({ 'bom.json': cdx([paho]), 'other.cdx.json': Buffer.from([0xff, 0xfe, 0x00, 0xd8, 0x00]) as unknown as string });
    const { code, stderr } = cli(['sbom-support'], root);
    assert.equal(code, 2);
    assert.match(stderr, /nothing written: 1 file could not be read \(other\.cdx\.json\)/);
    assert.ok(!fs.existsSync(path.join(root, 'bom.support.yaml')));
  });
});
