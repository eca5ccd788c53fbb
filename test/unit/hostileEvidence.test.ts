// Our own hostile round (issue 12), evidence files: what other tools write (SBOMs, VEX, scanner
// reports, JUnit, Threat Dragon) is as hostile as anything in the repository. Entity bombs and
// external entities in XML, JSON nested past any stack, keys named like object internals, numbers
// no float holds: each ends in one clear evidence-file-invalid finding or in what the file says,
// read as written, in bounded time; nothing expands, nothing is fetched, no prototype changes.
import { strict as assert } from 'node:assert';
import { readJUnit } from '../../server/src/engine/evidence/junit';
import { MAX_NESTING_DEPTH } from '../../server/src/engine/yamlParse';
import { analyzeFiles } from '../support/workspace';

const BOM_HEAD = '"bomFormat":"CycloneDX","specVersion":"1.6","version":1';
const COMPONENT = '"type":"library","name":"a","version":"1.0.0","purl":"pkg:npm/a@1.0.0"';

/** Findings on evidence files, without the coverage gaps every small workspace has. */
function evidenceFindings(files: Record<string, string>) {
  const started = performance.now();
  const { findings, index } = analyzeFiles(files);
  const elapsed = performance.now() - started;
  return { findings: findings.filter((f) => f.rule !== 'clause-uncovered'), index, elapsed };
}

/** The classic "billion laughs": ten entities, each ten of the one before (10^9 copies of "lol" if expanded). */
function billionLaughs(body: string): string {
  const entities = ['<!ENTITY lol "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`)];
  return `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n${entities.join('\n')}\n]>\n${body}`;
}

describe('hostile input, our own round: evidence files', function () {
  this.timeout(30000);
  afterEach(() => {
    // No reader may leave a property on Object.prototype (a "__proto__" key merged into an object).
    assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype is unchanged');
  });

  describe(`JSON nested deeper than ${MAX_NESTING_DEPTH} levels`, () => {
    const deep = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
    for (const [form, text] of [
      ['valid', `{${BOM_HEAD},"components":[{${COMPONENT},"x":${deep(100_000)}}]}`],
      ['unterminated', `{${BOM_HEAD},"components":[{${COMPONENT},"x":${'['.repeat(100_000)}`],
    ] as const) {
      it(`${form}: one evidence-file-invalid "nesting too deep" at the first level too deep, no stack overflow`, () => {
        const { findings } = evidenceFindings({ 'bom.json': text });
        assert.deepEqual(findings.map((f) => f.rule), ['evidence-file-invalid']);
        assert.match(findings[0].message, new RegExp(`more than ${MAX_NESTING_DEPTH} levels deep`));
        // At the first collection too deep: the one opened with MAX_NESTING_DEPTH others open around it.
        const at = findings[0].range.start.character;
        const prefix = text.slice(0, at);
        assert.equal(text[at], '[');
        assert.equal(prefix.split(/[[{]/).length - prefix.split(/[\]}]/).length, MAX_NESTING_DEPTH);
      });
    }

    it(`reads ${MAX_NESTING_DEPTH} levels, the limit, as usual`, () => {
      // The document's object is the first level, the arrays under "x" the other MAX_NESTING_DEPTH - 1.
      const { findings } = evidenceFindings({ 'bom.json': `{${BOM_HEAD},"components":[{${COMPONENT}}],"x":${deep(MAX_NESTING_DEPTH - 1)}}` });
      // Read and checked against the schema, which names the stray key: the nesting itself is no problem.
      assert.deepEqual(findings.map((f) => f.message.replace(/ Nothing in.*/, '')), ['The document has a property the schema does not allow: "x" (CycloneDX 1.6 schema).']);
    });
  });

  describe('XML entities', () => {
    it('JUnit: a billion-laughs bomb is not expanded; the test case is read with the reference as written', () => {
      const report = readJUnit(billionLaughs('<testsuite name="s"><testcase name="VT-1 &lol9;"><failure message="&lol9;"/></testcase></testsuite>'));
      assert.deepEqual(report.cases.map((c) => [c.name, c.outcome, c.message]), [['VT-1 &lol9;', 'failed', '&lol9;']]);
    });

    it('CycloneDX XML: a billion-laughs bomb is not expanded, in bounded time', () => {
      const bom = billionLaughs('<bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1"><components><component type="library"><name>&lol9;</name><version>1</version><purl>pkg:npm/a@1</purl></component></components></bom>');
      const { index, elapsed } = evidenceFindings({ 'bom.xml': bom });
      const names = index.items('components').map((item) => item.fields.name?.scalar?.text ?? '');
      assert.ok(names.every((name) => name.length < 100), `no name grew: ${names.map((n) => n.length)}`);
      assert.ok(elapsed < 20000, `analysed in ${elapsed.toFixed(0)} ms`);
    });

    it('JUnit: an external entity (file:///etc/passwd) is refused, the file is no evidence and nothing is read', () => {
      const { findings } = evidenceFindings({
        'results.xml': '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<testsuite name="s"><testcase name="VT-1 &xxe;"><failure message="&xxe;"/></testcase></testsuite>',
      });
      assert.deepEqual(findings.map((f) => f.rule), ['evidence-file-invalid']);
      assert.match(findings[0].message, /External entities are not supported/);
      assert.doesNotMatch(JSON.stringify(findings), /root:/);
    });

    it(`XML nested 50,000 elements deep is evidence-file-invalid, no stack overflow`, () => {
      const { findings } = evidenceFindings({ 'bom.xml': '<bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1">' + '<a>'.repeat(50_000) + '</a>'.repeat(50_000) + '</bom>' });
      assert.deepEqual(findings.map((f) => f.rule), ['evidence-file-invalid']);
      assert.match(findings[0].message, /nested/i);
    });
  });

  describe('keys named like object internals, and numbers no float holds', () => {
    it('CycloneDX and VEX with "__proto__" and "constructor" keys: the schema names the key, no prototype changes', () => {
      const sbom = `{${BOM_HEAD},"__proto__":{"polluted":1},"components":[{${COMPONENT},"__proto__":{"polluted":2},"constructor":{"prototype":{"polluted":3}}}]}`;
      const vex = `{${BOM_HEAD},"vulnerabilities":[{"id":"CVE-2026-1","__proto__":{"polluted":4},"analysis":{"state":"not_affected"},"affects":[{"ref":"pkg:npm/a@1.0.0"}]}]}`;
      const { findings } = evidenceFindings({ 'bom.json': sbom, 'app.vex.json': vex });
      const invalid = findings.filter((f) => f.rule === 'evidence-file-invalid');
      assert.deepEqual(invalid.map((f) => f.uri.split('/').pop()).sort(), ['app.vex.json', 'bom.json']);
      for (const finding of invalid) assert.match(finding.message, /"__proto__"/);
    });

    it('Threat Dragon with a "__proto__" key and a threat whose id is "__proto__": a clear finding, no prototype changes', () => {
      const model = '{"version":"2.2.0","summary":{"title":"x"},"__proto__":{"polluted":6},"detail":{"diagrams":[{"cells":[{"data":{"__proto__":{"polluted":7},"threats":[{"id":"__proto__","title":"t","status":"Open","severity":"High"}]}}]}]}}';
      const { findings } = evidenceFindings({ 'threat-model.json': model });
      assert.ok(findings.some((f) => f.rule === 'evidence-file-invalid'), JSON.stringify(findings.map((f) => f.rule)));
    });

    it('a number past any float (1e400) or integer (30 digits) where a string belongs is named by the schema', () => {
      const { findings } = evidenceFindings({ 'bom.json': `{"bomFormat":"CycloneDX","specVersion":"1.6","version":1e400,"components":[{"type":"library","name":"a","version":123456789012345678901234567890,"purl":"pkg:npm/a@1"}]}` });
      assert.deepEqual(findings.map((f) => f.rule), ['evidence-file-invalid']);
      assert.match(findings[0].message, /version/);
    });
  });
});
