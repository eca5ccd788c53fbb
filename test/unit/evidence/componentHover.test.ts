// Hover on a purl, wherever it is written: in the SBOM (the component's id), in a scanner report or
// a VEX statement, or in a security document. It names the component, its supplier, its support
// data with the file that states it (SBOM or sidecar), and its vulnerabilities with what was decided.
import { strict as assert } from 'node:assert';
import { idHoverAt, purlHoverAt } from '../../../server/src/engine/navigation';
import { purlInLine } from '../../../server/src/engine/evidence/componentHover';
import { LineIndex } from '../../../server/src/engine/text';
import { analyzeFiles, uriOf } from '../../support/workspace';
import { cdx } from './infrastructure.test';
import { openssl, paho, sqlite } from '../../support/sbomComponents';


const grype = JSON.stringify(
  {
    matches: [
      { vulnerability: { id: 'CVE-2024-2511', severity: 'High' }, artifact: { name: 'openssl', version: '3.0.13', type: 'binary', purl: 'pkg:generic/openssl@3.0.13' } },
      { vulnerability: { id: 'CVE-2024-5535', severity: 'Critical' }, artifact: { name: 'openssl', version: '3.0.13', type: 'binary', purl: 'pkg:generic/openssl@3.0.13' } },
    ],
    source: { type: 'directory', target: './rootfs' },
  },
  null,
  2,
);
const vex = JSON.stringify(
  {
    '@context': 'https://openvex.dev/ns/v0.2.0',
    '@id': 'https://example.com/vex/1',
    author: 'PSIRT',
    timestamp: '2026-11-21T10:00:00Z',
    version: 1,
    statements: [{ vulnerability: { name: 'CVE-2024-2511' }, products: [{ '@id': 'pkg:generic/openssl@3.0.13' }], status: 'not_affected', justification: 'vulnerable_code_not_in_execute_path' }],
  },
  null,
  2,
);
const SIDECAR = 'components:\n  "pkg:generic/sqlite@3.45.1":\n    support_level: actively maintained\n    end_of_support: 2050-05-31\n';
const RELEASE = 'kind: release-record\nrelease: "2.3.0"\nfindings:\n  - id: F-1\n    source: pkg:generic/openssl@3.0.13 (CVE-2024-5535), to be fixed.\n    status: open\n';

const files = {
  'bom.json': cdx([openssl, paho, sqlite]),
  'bom.support.yaml': SIDECAR,
  'grype.json': grype,
  'gateway.openvex.json': vex,
  'release-record.yaml': RELEASE,
};

/** The position of the nth occurrence of `text` in a file, `into` characters in. */
function positionOf(file: string, text: string, into = 2, nth = 0): { line: number; character: number } {
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = files[file as keyof typeof files].indexOf(text, offset + 1);
  assert.ok(offset >= 0, `${text} in ${file}`);
  return new LineIndex(files[file as keyof typeof files]).positionAt(offset + into);
}

function purlHover(file: string, text: string, into?: number) {
  const { index } = analyzeFiles(files);
  return purlHoverAt(index, index.parsed(uriOf(file))!, positionOf(file, text, into));
}

describe('hover on a purl', () => {
  it('in the SBOM: the component, its supplier, its support data with the file that states it, and its vulnerabilities with what was decided', () => {
    const { index } = analyzeFiles(files);
    const hover = idHoverAt(index, uriOf('bom.json'), positionOf('bom.json', '"pkg:generic/openssl@3.0.13"', 5))!;
    assert.match(hover, /^\*\*openssl\*\* `3\.0\.13` — supplier: OpenSSL Software Foundation/);
    assert.match(hover, /Level of support: `actively maintained \(LTS\)` \(\[bom\.json:\d+\]\(file:\/\/\/ws\/bom\.json#L\d+\)\) · End of support: `2026-09-07`/);
    assert.match(hover, /\*\*Vulnerabilities\*\* \(2 reported, 1 not assessed\):\n- ✅ `CVE-2024-2511` high: not\\_affected: vulnerable\\_code\\_not\\_in\\_execute\\_path\n- ⚠️ `CVE-2024-5535` critical: release finding F-1: open/);
  });

  it('takes the support data from the sidecar, and says "not stated" where nothing states it', () => {
    const { index } = analyzeFiles(files);
    const sqliteHover = idHoverAt(index, uriOf('bom.json'), positionOf('bom.json', '"pkg:generic/sqlite@3.45.1"', 5))!;
    assert.match(sqliteHover, /Level of support: `actively maintained` \(\[bom\.support\.yaml:2\]\(file:\/\/\/ws\/bom\.support\.yaml#L2\)\) · End of support: `2050-05-31` \(\[bom\.support\.yaml:2\]/);
    assert.match(sqliteHover, /No vulnerability is reported in it/);
    const pahoHover = idHoverAt(index, uriOf('bom.json'), positionOf('bom.json', '"pkg:github/eclipse/paho.mqtt.c@1.3.13"', 5))!;
    assert.match(pahoHover, /supplier: \*none named\*/);
    assert.match(pahoHover, /Level of support: ⚠️ \*not stated\* · End of support: ⚠️ \*not stated\*/);
  });

  it('in a scanner report, a VEX statement, the sidecar and a security document: the same component', () => {
    for (const [file, text] of [
      ['grype.json', '"purl": "pkg:generic/openssl@3.0.13"'],
      ['gateway.openvex.json', '"@id": "pkg:generic/openssl@3.0.13"'],
      ['release-record.yaml', 'source: pkg:generic/openssl@3.0.13'],
    ] as const) {
      const into = text.indexOf('pkg:') + 4;
      const hover = purlHover(file, text, into);
      assert.ok(hover, `${file}: a hover`);
      assert.match(hover.contents, /^\*\*openssl\*\* `3\.0\.13` — supplier: OpenSSL Software Foundation/, file);
      assert.match(hover.contents, /2 reported, 1 not assessed/, file);
      const line = files[file].split('\n')[hover.range.start.line];
      assert.equal(line.slice(hover.range.start.character, hover.range.end.character), 'pkg:generic/openssl@3.0.13', file);
    }
    const fromSidecar = purlHover('bom.support.yaml', '"pkg:generic/sqlite@3.45.1"', 5);
    assert.match(fromSidecar!.contents, /^\*\*sqlite\*\* `3\.45\.1` — supplier: SQLite Consortium/);
  });

  it('a purl no SBOM lists says so; text that is no purl gives no hover', () => {
    const { index } = analyzeFiles({ ...files, 'notes.yaml': 'kind: release-record\nrelease: "1"\nfindings:\n  - id: F-2\n    source: pkg:npm/left-pad@1.3.0 and also pkg: nothing\n' });
    const parsed = index.parsed(uriOf('notes.yaml'))!;
    const hover = purlHoverAt(index, parsed, { line: 4, character: 20 });
    assert.match(hover!.contents, /^`pkg:npm\/left-pad@1\.3\.0` is no component of an SBOM in the workspace\./);
    assert.equal(purlHoverAt(index, parsed, { line: 4, character: 46 }), null);
    assert.equal(purlHoverAt(index, parsed, { line: 99, character: 0 }), null);
  });

  it('finds the purl under the cursor without the punctuation around it', () => {
    assert.deepEqual(purlInLine('see (pkg:npm/a@1).', 8), { text: 'pkg:npm/a@1', start: 5, end: 16 });
    assert.deepEqual(purlInLine('"pkg:npm/%40scope/b@2?arch=x86_64#sub/path",', 3), { text: 'pkg:npm/%40scope/b@2?arch=x86_64#sub/path', start: 1, end: 42 });
    assert.equal(purlInLine('pkg:npm/a@1 and more', 14), undefined);
  });
});
