// Where the official schemas of evidence files come from: the CycloneDX JSON Schemas ship in the
// npm package @cyclonedx/cyclonedx-library (Apache-2.0, res/schema/); the build copies them next to
// the bundles (dist/schemas/cyclonedx, see esbuild.mjs), and from source they are read from the
// package. Installed into the engine when this module loads: every host reads files through
// node/files.ts, which imports it, so the CLI and the server validate alike.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ValidateFunction } from 'ajv';
import { provideEvidenceSchemas, providePrecompiledValidators } from '../engine/evidence/schemas';

/** Our schema names → the package's file names. */
const CYCLONEDX_FILES: Record<string, string> = {
  'bom-1.4': 'bom-1.4.SNAPSHOT.schema.json',
  'bom-1.5': 'bom-1.5.SNAPSHOT.schema.json',
  'bom-1.6': 'bom-1.6.SNAPSHOT.schema.json',
  spdx: 'spdx.SNAPSHOT.schema.json',
  'jsf-0.82': 'jsf-0.82.SNAPSHOT.schema.json',
  'cryptography-defs': 'cryptography-defs.SNAPSHOT.schema.json',
};

/** The largest schema (bom-1.6) is about 250 KB; anything far larger is not the schema. */
const MAX_SCHEMA_SIZE = 8 * 1024 * 1024;

/** The folders the CycloneDX schemas may be in: beside the bundle, or in the npm package (from source). */
export function cycloneDxSchemaFolders(): string[] {
  const folders = [path.join(__dirname, 'schemas', 'cyclonedx')];
  try {
    folders.push(path.join(path.dirname(require.resolve('@cyclonedx/cyclonedx-library/package.json')), 'res', 'schema'));
  } catch {
    // Not installed (a packaged extension): the copy beside the bundle is the one.
  }
  return folders;
}

const cache = new Map<string, object | undefined>();

export function readEvidenceSchema(name: string): object | undefined {
  if (cache.has(name)) return cache.get(name);
  const schema = schemaFromFolders(name, cycloneDxSchemaFolders());
  cache.set(name, schema);
  return schema;
}

/** A schema by name from the first of the folders that holds it readable (no cache). */
export function schemaFromFolders(name: string, folders: readonly string[]): object | undefined {
  const file = CYCLONEDX_FILES[name];
  if (!file) return undefined;
  for (const folder of folders) {
    const candidate = path.join(folder, file);
    try {
      const stat = fs.statSync(candidate);
      if (!stat.isFile() || stat.size > MAX_SCHEMA_SIZE) continue;
      const parsed = JSON.parse(fs.readFileSync(candidate, 'utf8')) as { $id?: string };
      // The bom schemas refer to the others by the package's file names (`spdx.SNAPSHOT.schema.json`),
      // relative to their own $id: those schemas are registered under that name.
      return name.startsWith('bom-') ? parsed : { ...parsed, $id: `http://cyclonedx.org/schema/${file}` };
    } catch {
      // Unreadable or not JSON: try the next folder; without any, files say they cannot be validated.
    }
  }
  return undefined;
}

/**
 * The validators the build compiled from the schemas beside the bundle (tools/cyclonedxValidators.ts),
 * loaded with the first SBOM; none from source (out/ has no vendor/ folder): they are compiled then.
 */
export const PRECOMPILED_VALIDATORS = path.join(__dirname, 'vendor', 'cyclonedx-validators.js');
let precompiled: Record<string, ValidateFunction> | null | undefined;

function precompiledValidator(name: string): ValidateFunction | undefined {
  if (precompiled === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      precompiled = fs.existsSync(PRECOMPILED_VALIDATORS) ? (require(PRECOMPILED_VALIDATORS) as Record<string, ValidateFunction>) : null;
    } catch {
      precompiled = null;
    }
  }
  return precompiled && Object.prototype.hasOwnProperty.call(precompiled, name) ? precompiled[name] : undefined;
}

provideEvidenceSchemas(readEvidenceSchema);
providePrecompiledValidators(precompiledValidator);
