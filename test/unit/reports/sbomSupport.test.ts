// The SBOM support addendum and the sidecar plan (engine, pure): entries are only ever inserted,
// never invented, and a second plan over the merged sidecar adds nothing.
import { strict as assert } from 'node:assert';
import { applyTextEdits, NOT_STATED, planSupportSidecars, sbomSupportCsv, sbomSupportMarkdown, sbomSupportRows, sidecarUriOf } from '../../../server/src/engine';
import { analyzeFiles, uriOf } from '../../support/workspace';
import { cdx } from '../evidence/infrastructure.test';
import { openssl as supported, paho, sqlite } from '../../support/sbomComponents';

const noPurl = { type: 'library', name: 'vendored-crc', version: '2' };

const HAND_WRITTEN = [
  '# Our support data, keyed by purl.',
  'components:',
  '  "pkg:generic/sqlite@3.45.1":',
  '    support_level: actively maintained',
  "    end_of_support: 2050-05-31   # SQLite's published commitment",
  '    # (checked 2026-11-02)',
  '',
].join('\n');

/** Applies each plan to the files and returns them (a created sidecar is a new file). */
function applyPlans(files: Record<string, string>, today = '2026-12-04'): { files: Record<string, string>; added: string[] } {
  const { index } = analyzeFiles(files);
  const result = { ...files };
  const added: string[] = [];
  for (const plan of planSupportSidecars(index, { today })) {
    assert.equal(plan.problem, undefined);
    const name = decodeURIComponent(plan.uri.slice('file:///ws/'.length));
    result[name] = plan.create ? plan.text! : applyTextEdits(files[name], plan.edits ?? []);
    added.push(...plan.added);
  }
  return { files: result, added };
}

describe('SBOM support sidecar plan', () => {
  it('creates <sbom>.support.yaml with an undecided entry per component lacking support data, and invents no level or date', () => {
    const files = { 'bom.json': cdx([supported, paho, sqlite, noPurl]) };
    const { index } = analyzeFiles(files);
    const [plan] = planSupportSidecars(index, { today: '2026-12-04' });
    assert.equal(plan.uri, uriOf('bom.support.yaml'));
    assert.equal(plan.create, true);
    assert.deepEqual(plan.added, ['pkg:github/eclipse/paho.mqtt.c@1.3.13', 'pkg:generic/sqlite@3.45.1']);
    assert.deepEqual(plan.withoutPurl, ['vendored-crc@2']);
    assert.match(plan.text!, /# Added by Clause Guide on 2026-12-04: undecided/);
    assert.match(plan.text!, /# paho-mqtt-c@1\.3\.13 \(no supplier named\)\n {2}"pkg:github\/eclipse\/paho\.mqtt\.c@1\.3\.13":\n {4}support_level:\n {4}end_of_support:\n/);

    const merged = applyPlans(files).files;
    const after = analyzeFiles(merged);
    // An undecided entry is no support data: the components are still findings.
    assert.deepEqual(
      after.of('component-support-missing').map((f) => /Component (\S+)/.exec(f.message)![1]),
      ['paho-mqtt-c@1.3.13', 'sqlite@3.45.1', 'vendored-crc@2'],
    );
    assert.deepEqual(after.of('evidence-file-invalid'), []);
  });

  it('merges into a hand-written sidecar by inserting only: every byte a person wrote stays, comments included', () => {
    const files = { 'bom.json': cdx([supported, paho, sqlite]), 'bom.support.yaml': HAND_WRITTEN };
    const { files: merged, added } = applyPlans(files);
    assert.deepEqual(added, ['pkg:github/eclipse/paho.mqtt.c@1.3.13']);
    const text = merged['bom.support.yaml'];
    // The hand-written text is the start of the file, byte for byte (entries go after the last entry's comment).
    assert.ok(Buffer.from(text).subarray(0, Buffer.byteLength(HAND_WRITTEN) - 1).equals(Buffer.from(HAND_WRITTEN).subarray(0, -1)), text);
    assert.match(text.slice(HAND_WRITTEN.length - 1), /^\n {2}# Added by Clause Guide on 2026-12-04/);
  });

  it('adds nothing the second time: an undecided entry is a question already asked', () => {
    const files = { 'bom.json': cdx([supported, paho, sqlite]) };
    const once = applyPlans(files).files;
    const twice = applyPlans(once);
    assert.deepEqual(twice.added, []);
    assert.deepEqual(twice.files, once);
  });

  it('replaces a "none yet" token (components: {}) by the block, and appends components: when missing', () => {
    for (const [sidecar, expected] of [
      ['components: {}\n', /^components:\n {2}# Added/],
      ['# nothing yet\n', /^# nothing yet\ncomponents:\n {2}# Added/],
      ['', /^components:\n/],
    ] as const) {
      const { files } = applyPlans({ 'bom.json': cdx([paho]), 'bom.support.yaml': sidecar });
      assert.match(files['bom.support.yaml'], expected, JSON.stringify(sidecar));
      assert.deepEqual(analyzeFiles(files).index.items('component-support').map((item) => item.fields.purl.scalar?.text), ['pkg:github/eclipse/paho.mqtt.c@1.3.13']);
    }
  });

  it('keeps CRLF line ends and the sidecar\'s indentation', () => {
    const sidecar = 'components:\r\n    "pkg:generic/sqlite@3.45.1":\r\n        support_level: maintained\r\n        end_of_support: 2030-01-01\r\n';
    const { files } = applyPlans({ 'bom.json': cdx([paho, sqlite]), 'bom.support.yaml': sidecar });
    const text = files['bom.support.yaml'];
    assert.ok(text.startsWith(sidecar.slice(0, -2)));
    assert.ok(!/[^\r]\n/.test(text), 'no bare LF');
    assert.match(text, /\r\n {4}"pkg:github\/eclipse\/paho\.mqtt\.c@1\.3\.13":\r\n {6}support_level:/);
  });

  it('refuses, naming why, a sidecar that does not parse or whose components are a flow mapping', () => {
    for (const sidecar of ['components: [\n', 'components: {"pkg:npm/a@1": {support_level: x}}\n']) {
      const { index } = analyzeFiles({ 'bom.json': cdx([paho]), 'bom.support.yaml': sidecar });
      const [plan] = planSupportSidecars(index);
      assert.deepEqual(plan.added, []);
      assert.match(plan.problem ?? '', /does not parse|not a block mapping/);
    }
  });

  it('asks once for a purl two SBOMs list, and names the sidecar after its SBOM', () => {
    assert.equal(sidecarUriOf('file:///ws/app.cdx.json'), 'file:///ws/app.cdx.support.yaml');
    const { index } = analyzeFiles({ 'a.cdx.json': cdx([paho]), 'b.cdx.json': cdx([paho, sqlite]) });
    const plans = planSupportSidecars(index);
    assert.deepEqual(plans.map((plan) => [plan.uri, plan.added]), [
      [uriOf('a.cdx.support.yaml'), ['pkg:github/eclipse/paho.mqtt.c@1.3.13']],
      [uriOf('b.cdx.support.yaml'), ['pkg:generic/sqlite@3.45.1']],
    ]);
  });
});

describe('SBOM support addendum', () => {
  it('lists every component with its level and date where stated, and "not stated" where not', () => {
    const { index } = analyzeFiles({ 'bom.json': cdx([supported, paho, sqlite]), 'bom.support.yaml': HAND_WRITTEN });
    const rows = sbomSupportRows(index, (uri) => uri.slice('file:///ws/'.length));
    assert.deepEqual(
      rows.map((row) => [row.component, row.supportLevel, row.endOfSupport, row.statedIn]),
      [
        ['openssl', 'actively maintained (LTS)', '2026-09-07', 'bom.json'],
        ['paho-mqtt-c', NOT_STATED, NOT_STATED, ''],
        ['sqlite', 'actively maintained', '2050-05-31', 'bom.support.yaml'],
      ],
    );
    const markdown = sbomSupportMarkdown(rows);
    assert.match(markdown, /1 of 3 components is not fully stated yet \("not stated"\)\.\n\n\| SBOM/);
    assert.match(markdown, /\| bom\.json \| paho-mqtt-c \| 1\.3\.13 \|  \| pkg:github\/eclipse\/paho\.mqtt\.c@1\.3\.13 \| not stated \| not stated \|  \|/);
    const csv = sbomSupportCsv(rows);
    assert.equal(csv.split('\r\n')[0], 'SBOM,Component,Version,Supplier,Package URL,Level of support,End-of-support date,Stated in');
    assert.equal(csv.split('\r\n')[3], 'bom.json,sqlite,3.45.1,SQLite Consortium,pkg:generic/sqlite@3.45.1,actively maintained,2050-05-31,bom.support.yaml');
  });

  it('quotes a cell a spreadsheet would run as a formula', () => {
    const evil = { ...paho, name: '=HYPERLINK("http://x")', supplier: { name: 'a,b' } };
    const { index } = analyzeFiles({ 'bom.json': cdx([evil]) });
    const csv = sbomSupportCsv(sbomSupportRows(index, () => 'bom.json'));
    assert.match(csv.split('\r\n')[1], /^bom\.json,"'=HYPERLINK\(""http:\/\/x""\)",1\.3\.13,"a,b",/);
  });
});
