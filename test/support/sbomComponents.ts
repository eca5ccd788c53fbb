// CycloneDX components the SBOM tests share: one with a supplier and FDA support properties, one
// with neither, one with a supplier only (shaped as cyclonedx-npm writes components).
export const openssl = {
  type: 'library',
  name: 'openssl',
  version: '3.0.13',
  purl: 'pkg:generic/openssl@3.0.13',
  supplier: { name: 'OpenSSL Software Foundation' },
  properties: [
    { name: 'fda:support-level', value: 'actively maintained (LTS)' },
    { name: 'fda:end-of-support', value: '2026-09-07' },
  ],
};
export const paho = { type: 'library', name: 'paho-mqtt-c', version: '1.3.13', purl: 'pkg:github/eclipse/paho.mqtt.c@1.3.13' };
export const sqlite = { type: 'library', name: 'sqlite', version: '3.45.1', purl: 'pkg:generic/sqlite@3.45.1', supplier: { name: 'SQLite Consortium' } };
