// JSON values that break readers which trust a file's shape: wrong types at every level, null
// where objects belong, prototype keys, deep nesting.
function nested(depth: number): unknown {
  let value: unknown = { components: [] };
  for (let i = 0; i < depth; i++) value = { 'bom-ref': `r${i}`, purl: 'pkg:npm/a@1', components: [value] };
  return value;
}

export const HOSTILE_JSON_VALUES: unknown[] = [
  null,
  42,
  'text',
  [],
  [{}],
  {},
  { matches: null },
  { matches: [null, 1, 'x', [], { vulnerability: null, artifact: [] }, { vulnerability: { id: {} }, artifact: { name: 1, purl: 2 } }] },
  { matches: [{ vulnerability: { id: 'CVE-1' }, artifact: { name: 'a', purl: 'pkg:' }, relatedVulnerabilities: [null, { id: [] }] }] },
  { SchemaVersion: 2, ArtifactName: 1, Results: [null, { Vulnerabilities: 'x' }, { Target: 't', Type: 'npm', Vulnerabilities: [null, { VulnerabilityID: 'CVE', PkgName: {}, PkgIdentifier: 'x', VendorIDs: [1] }] }] },
  { results: [null, { packages: [null, { package: null }, { package: { name: 'a', ecosystem: 5 }, vulnerabilities: [{ id: null }], groups: [{ ids: 'x' }, null, { ids: [1, 'A'] }] }] }] },
  { '@context': 'https://openvex.dev/ns/v0.2.0', statements: [null, { vulnerability: 1, products: [null, 1, { subcomponents: 'x' }], status: 5 }, { vulnerability: {}, status: 'fixed' }] },
  { '@context': 'https://openvex.dev/ns/v0.2.0', statements: [{ vulnerability: { name: 'CVE-1', aliases: 'x' }, products: [{ '@id': 'pkg:npm/a', identifiers: [] }], status: 'not_affected', justification: 7 }] },
  { bomFormat: 'CycloneDX', components: [null, { components: 'x' }], metadata: 1, vulnerabilities: [null, { id: 'CVE', affects: [null, { ref: 1 }], analysis: [], references: 'x' }, { id: 'CVE', analysis: { state: 'constructor' } }] },
  { bomFormat: 'CycloneDX', components: [nested(5000)], vulnerabilities: [{ id: 'CVE', affects: [{ ref: 'urn:cdx:x/1#%E0%A4%A' }], analysis: { state: 'not_affected', response: [null] } }] },
  { __proto__: { matches: [] }, constructor: 1, hasOwnProperty: 'x', toString: null },
  JSON.parse('{"__proto__": {"x": 1}, "matches": [{"__proto__": null, "vulnerability": {"id": "__proto__"}, "artifact": {"name": "constructor", "purl": "pkg:npm/__proto__@1"}}]}'),
];
