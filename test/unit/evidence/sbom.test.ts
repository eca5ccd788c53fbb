// SBOM readers and the component rules, on files written by the real tools (test/fixtures/sbom)
// and small hand-written cases for each rule's edges.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Analyzer, DEFAULT_CONFIG, WorkspaceIndex } from '../../../server/src/engine';
import { evaluateCriteria } from '../../../server/src/engine/criteria';
import { parse, REPO_ROOT, testCatalog } from '../../support/fixtures';
import { cdx } from './infrastructure.test';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'sbom');

function analyze(files: Record<string, string>, today = '2026-12-04') {
  const index = new WorkspaceIndex();
  for (const [name, text] of Object.entries(files)) index.update(parse(text, name));
  const findings = [...new Analyzer(testCatalog()).analyze(index, DEFAULT_CONFIG, { today }).values()].flat();
  return { index, findings, of: (rule: string) => findings.filter((f) => f.rule === rule) };
}

const component = (name: string, extra: object = {}) => ({ type: 'library', name, version: '1.0.0', purl: `pkg:npm/${name}@1.0.0`, supplier: { name: 'ACME' }, ...extra });

describe('SBOMs', () => {
  it('reads the CycloneDX JSON SBOM cyclonedx-npm wrote of this project: every component, valid, with its purl', () => {
    const text = fs.readFileSync(path.join(FIXTURES, 'clause-guide.cdx.json'), 'utf8');
    const { index, of } = analyze({ 'clause-guide.cdx.json': text });
    assert.deepEqual(of('evidence-file-invalid'), []);
    const components = index.items('components');
    const expected = (JSON.parse(text).components as unknown[]).length;
    assert.ok(expected > 5 && components.length >= expected, `${components.length} components`);
    const yaml = components.find((item) => item.fields.name?.scalar?.text === 'yaml');
    assert.match(yaml?.id?.text ?? '', /^pkg:npm\/yaml@2\./);
    // Nobody states support data in an npm SBOM: every component is a finding.
    assert.equal(of('component-support-missing').length, components.length);
  });

  it('reads an SPDX 2.3 SBOM: packages but not the described product, purl from externalRefs, validUntilDate as end of support', () => {
    const spdx = {
      spdxVersion: 'SPDX-2.3',
      dataLicense: 'CC0-1.0',
      SPDXID: 'SPDXRef-DOCUMENT',
      name: 'product',
      documentNamespace: 'https://example.com/spdx/product-1',
      creationInfo: { created: '2026-01-01T00:00:00Z', creators: ['Tool: example'] },
      documentDescribes: ['SPDXRef-Product'],
      packages: [
        { SPDXID: 'SPDXRef-Product', name: 'product', versionInfo: '1.0.0', downloadLocation: 'NOASSERTION' },
        {
          SPDXID: 'SPDXRef-lodash',
          name: 'lodash',
          versionInfo: '4.17.21',
          supplier: 'Organization: OpenJS Foundation',
          downloadLocation: 'NOASSERTION',
          validUntilDate: '2026-06-30T00:00:00Z',
          externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: 'pkg:npm/lodash@4.17.21' }],
        },
        { SPDXID: 'SPDXRef-x', name: 'x', supplier: 'NOASSERTION', downloadLocation: 'NOASSERTION' },
      ],
    };
    const { index, of } = analyze({ 'product.spdx.json': JSON.stringify(spdx, null, 2) });
    assert.deepEqual(index.items('components').map((item) => item.id?.text), ['pkg:npm/lodash@4.17.21', 'SPDXRef-x']);
    assert.deepEqual(of('component-supplier-missing').map((f) => f.message.split(' names')[0]), ['Component x']);
    assert.match(of('component-end-of-support-passed')[0]?.message ?? '', /lodash@4\.17\.21 reached its end of support on 2026-06-30/);
    const bad = analyze({ 'product.spdx.json': JSON.stringify({ ...spdx, spdxVersion: 'SPDX-2.2' }) });
    assert.match(bad.of('evidence-file-invalid')[0]?.message ?? '', /spdxVersion "SPDX-2.2"/);
  });

  it('component-support-missing: support data in the SBOM or in the sidecar by purl counts; an undecided or placeholder entry does not', () => {
    const bom = cdx([
      component('stated', { properties: [{ name: 'fda:support-level', value: 'maintained' }, { name: 'fda:end-of-support', value: '2030-01-01' }] }),
      component('sidecar'),
      component('undecided'),
      component('placeholder'),
      component('half', { properties: [{ name: 'supportLevel', value: 'maintained' }] }),
    ]);
    const sidecar = [
      'components:',
      '  "pkg:npm/sidecar@1.0.0":',
      '    support_level: maintained',
      '    end_of_support: 2031-01-01',
      '  "pkg:npm/undecided@1.0.0":',
      '    support_level:',
      '    end_of_support:',
      '  "pkg:npm/placeholder@1.0.0":',
      '    support_level: TBD',
      '    end_of_support: 2031-01-01',
      '',
    ].join('\n');
    const { of } = analyze({ 'bom.json': bom, 'bom.support.yaml': sidecar });
    assert.deepEqual(
      of('component-support-missing').map((f) => f.message.replace(/\. State.*/, '')),
      ['Component undecided@1.0.0 has no support level and no end-of-support date', 'Component placeholder@1.0.0 has no support level', 'Component half@1.0.0 has no end-of-support date'],
    );
  });

  it('component-end-of-support-passed compares with today, and points at the sidecar entry that states the date', () => {
    const bom = cdx([component('old'), component('current')]);
    const sidecar = 'components:\n  "pkg:npm/old@1.0.0":\n    support_level: none\n    end_of_support: 2026-12-03\n  "pkg:npm/current@1.0.0":\n    support_level: maintained\n    end_of_support: 2026-12-04\n';
    const { of } = analyze({ 'bom.json': bom, 'bom.support.yaml': sidecar });
    const passed = of('component-end-of-support-passed');
    assert.deepEqual(passed.map((f) => f.message.split(' reached')[0]), ['Component old@1.0.0']);
    assert.equal(passed[0].related?.[0].uri, 'file:///ws/bom.support.yaml');
  });

  it('a sidecar that is not a mapping of purls is one evidence-file-invalid finding', () => {
    const { of } = analyze({ 'bom.support.yaml': 'components: [a, b]\n' });
    assert.equal(of('evidence-file-invalid').length, 1);
  });

  it('components are evidence for 4.1.5: coverage names the SBOM components that meet the criterion', () => {
    const criteria = testCatalog().get('4.1.5')!.criteria!;
    const every = criteria.filter((criterion) => criterion.check === 'every' && criterion.collection === 'components');
    assert.equal(every.length, 1, '4.1.5 has a component criterion');
    const met = evaluateCriteria('4.1.5', every, analyze({ 'bom.json': cdx([component('a')]) }).index);
    assert.deepEqual([met[0].met, met[0].where.map((where) => [where.uri, where.what])], [true, [['file:///ws/bom.json', 'component pkg:npm/a@1.0.0']]]);
    const unmet = evaluateCriteria('4.1.5', every, analyze({ 'bom.json': cdx([component('a', { supplier: undefined })]) }).index);
    assert.equal(unmet[0].met, false);
    // An invalid SBOM is no evidence.
    const invalid = evaluateCriteria('4.1.5', every, analyze({ 'bom.json': cdx([component('a', { type: 'lib' })]) }).index);
    assert.equal(invalid[0].met, false);
  });
});

describe('CycloneDX XML SBOMs', () => {
  it('reads the XML SBOM cyclonedx-npm wrote of this project: the same components as the JSON one, located at their purls', () => {
    const xml = fs.readFileSync(path.join(FIXTURES, 'clause-guide.cdx.xml'), 'utf8');
    const json = fs.readFileSync(path.join(FIXTURES, 'clause-guide.cdx.json'), 'utf8');
    const fromXml = analyze({ 'clause-guide.cdx.xml': xml });
    assert.deepEqual(fromXml.of('evidence-file-invalid'), []);
    const ids = (index: WorkspaceIndex) => index.items('components').map((item) => item.id?.text).sort();
    assert.deepEqual(ids(fromXml.index), ids(analyze({ 'clause-guide.cdx.json': json }).index));
    const lines = xml.split('\n');
    for (const item of fromXml.index.items('components')) {
      const line = lines[item.id!.start.line];
      assert.equal(line.slice(item.id!.start.character, item.id!.end.character), item.id!.text.replace(/&/g, '&amp;'));
    }
  });

  it('an XML file that is not well-formed, or a component of an unknown type, is one evidence-file-invalid finding', () => {
    const bad = analyze({ 'bom.xml': '<?xml version="1.0"?>\n<bom xmlns="http://cyclonedx.org/schema/bom/1.6">\n<components>\n</bom>\n' });
    assert.equal(bad.of('evidence-file-invalid').length, 1);
    const wrongType = analyze({ 'bom.xml': '<bom xmlns="http://cyclonedx.org/schema/bom/1.6"><components><component type="lib"><name>a</name></component></components></bom>' });
    assert.match(wrongType.of('evidence-file-invalid')[0]?.message ?? '', /type "lib"/);
  });
});
