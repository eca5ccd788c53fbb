// The clause catalog's plain data as JSON, written by the build beside the bundles (dist/catalog.json):
// reading JSON costs a millisecond where parsing the 60 KB YAML cost 100-180 ms of every CLI run's
// start. It carries the SHA-256 of the YAML it was made from, and the host uses it only when the
// catalog it reads has that hash (server/src/node/resources.ts), so a stale build never changes a
// clause. The data is what the engine's toPlainData gives: the YAML 1.2 core schema, aliases expanded
// (at most 100, as there), and any YAML error is the build's error.
import { createHash } from 'node:crypto';
import { parseDocument } from 'yaml';

export function catalogJson(yamlText) {
  const document = parseDocument(yamlText, { prettyErrors: false });
  if (document.errors.length) throw document.errors[0];
  return JSON.stringify({ sha256: createHash('sha256').update(yamlText).digest('hex'), data: document.toJS({ maxAliasCount: 100 }) });
}
