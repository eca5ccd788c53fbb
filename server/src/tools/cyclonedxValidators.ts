// The CycloneDX validators compiled ahead of time, as ajv standalone code: run by the build
// (esbuild.mjs), which bundles the code with ajv's runtime and the formats into
// dist/vendor/cyclonedx-validators.js; node/evidenceSchemas.ts installs them. The options and the
// schemas (without uniqueItems) are the ones a run would compile with (engine/evidence/schemas.ts),
// so a file validates alike either way (test/unit/evidence/precompiledValidators.test.ts).
//   node <this, bundled> SCHEMA_FOLDER OUT_FILE
import * as fs from 'node:fs';
import { CYCLONEDX_SCHEMA_REFS, CYCLONEDX_VERSIONS } from '../engine/evidence/cyclonedx';
import { addEvidenceSchema, evidenceAjv, type SchemaSource } from '../engine/evidence/schemas';
import { schemaFromFolders } from '../node/evidenceSchemas';

/** Standalone CommonJS code exporting a validator per CycloneDX schema name (`bom-1.4` … `bom-1.6`). */
export function cycloneDxValidatorsCode(schemas: SchemaSource): string {
  const ajv = evidenceAjv({ source: true });
  const exports: Record<string, string> = {};
  for (const version of CYCLONEDX_VERSIONS) {
    const name = `bom-${version}`;
    const key = addEvidenceSchema(ajv, schemas, name, CYCLONEDX_SCHEMA_REFS);
    if (!key) throw new Error(`the ${name} schema is missing`);
    exports[name] = key;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const standaloneCode = (require('ajv/dist/standalone') as { default: (ajv: unknown, refs: Record<string, string>) => string }).default;
  return standaloneCode(ajv, exports);
}

if (require.main === module) {
  const [folder, out] = process.argv.slice(2);
  fs.writeFileSync(out, cycloneDxValidatorsCode((name) => schemaFromFolders(name, [folder])));
}
