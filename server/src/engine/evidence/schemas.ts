// The official JSON Schemas evidence files are validated against, compiled with ajv once each and
// only when a file needs them. The schema texts come from the host (they ship in npm packages the
// engine may not read from disk: see node/evidenceSchemas.ts); without them a file cannot be
// validated, and says so as a problem: an unvalidated file is no evidence.
import type { default as Ajv, ErrorObject, ValidateFunction } from 'ajv';
import type { EvidenceProblem } from './types';

/** Gives a schema by name ('bom-1.6', 'spdx', 'jsf-0.82', …) or undefined when the host has none. */
export type SchemaSource = (name: string) => object | undefined;

/** Gives a validator compiled ahead of time (by the build) by schema name, or undefined. */
export type PrecompiledValidators = (name: string) => ValidateFunction | undefined;

let source: SchemaSource | undefined;
let precompiled: PrecompiledValidators | undefined;
let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction | null>();

/** Installs where schemas come from (the host does this once, at start). */
export function provideEvidenceSchemas(schemas: SchemaSource): void {
  source = schemas;
  ajv = undefined;
  validators.clear();
}

/**
 * Installs validators the build compiled from the same schemas with the same options
 * (tools/cyclonedxValidators.ts): compiling the CycloneDX 1.6 schema took 1-2 s of the first SBOM
 * read of every run. A schema without one is compiled here as before.
 */
export function providePrecompiledValidators(validatorsByName: PrecompiledValidators | undefined): void {
  precompiled = validatorsByName;
  validators.clear();
}

/**
 * An ajv set up as every evidence schema is compiled: strict: false, as the official schemas use
 * keywords ajv's strict mode rejects (`meta:enum`, …); ajv-formats has no IRI formats (the
 * CycloneDX schemas use them for URLs): taken as written, as a URL's spelling says nothing about
 * the evidence. Refs are not inlined and the code is not optimised: the CycloneDX 1.6 schema
 * compiled in 4-5 s otherwise, 1-2 s so. `source`: keep the generated code, for standalone code.
 */
export function evidenceAjv(options: { source?: boolean } = {}): Ajv {
  // Loaded here, with the first SBOM: the bundles keep ajv in dist/vendor/ (esbuild.mjs), so a check
  // without one never loads it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Ajv: AjvClass, addFormats } = require('./ajvRuntime') as typeof import('./ajvRuntime');
  return addFormats(
    new AjvClass({
      strict: false,
      allErrors: false,
      validateFormats: true,
      inlineRefs: false,
      code: { optimize: false, ...(options.source ? { source: true } : {}) },
      formats: { 'iri-reference': true, iri: true, 'idn-email': true },
    }),
  );
}

/** Adds a schema's refs (from `schemas`) and the schema to an ajv, without uniqueItems; returns the schema's key ($id). */
export function addEvidenceSchema(target: Ajv, schemas: SchemaSource, name: string, refs: readonly string[]): string | undefined {
  const schema = schemas(name) as { $id?: string } | undefined;
  if (!schema) return undefined;
  for (const ref of refs) {
    const refSchema = schemas(ref) as { $id?: string } | undefined;
    if (refSchema && !(refSchema.$id && target.getSchema(refSchema.$id))) target.addSchema(withoutUniqueItems(refSchema));
  }
  const key = schema.$id ?? name;
  if (!target.getSchema(key)) target.addSchema(withoutUniqueItems(schema), key);
  return key;
}

/**
 * The validator of a schema, with the schemas it refers to (`refs`) added first; null when the host
 * gave no such schema. Compiled on first use: the CycloneDX 1.6 schema takes a few hundred ms.
 */
export function validatorFor(name: string, refs: readonly string[] = []): ValidateFunction | null {
  if (validators.has(name)) return validators.get(name)!;
  let validator: ValidateFunction | null = precompiled?.(name) ?? null;
  if (!validator && source?.(name)) {
    ajv ??= evidenceAjv();
    const key = addEvidenceSchema(ajv, source, name, refs);
    validator = (key && ajv.getSchema(key)) || null;
  }
  validators.set(name, validator);
  return validator;
}

/**
 * The schema without `uniqueItems`: ajv compares every pair of items deeply, so a CycloneDX 1.6
 * SBOM of 5,000 components took 16 s to validate (100 components: 12 ms). Two equal components in
 * one list say nothing false about the evidence; every other keyword is checked as published.
 */
export function withoutUniqueItems<T>(schema: T): T {
  return JSON.parse(JSON.stringify(schema), (key, value) => (key === 'uniqueItems' ? undefined : value)) as T;
}

/**
 * One problem for a failed validation: the most specific error ajv reports (the deepest instance
 * path), at that path, in words a person can act on.
 */
export function schemaProblem(errors: readonly ErrorObject[] | null | undefined, schemaName: string): EvidenceProblem {
  const list = errors ?? [];
  let best = list[0];
  for (const error of list) if (error.instancePath.length > (best?.instancePath.length ?? -1)) best = error;
  if (!best) return { message: `It does not match the ${schemaName} schema.` };
  const where = best.instancePath ? `\`${best.instancePath}\`` : 'The document';
  return { message: `${where} ${describeError(best)} (${schemaName} schema).`, at: { pointer: best.instancePath } };
}

function describeError(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `has a property the schema does not allow: "${String(params.additionalProperty)}"`;
    case 'required':
      return `lacks the required property "${String(params.missingProperty)}"`;
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(', ')}`;
    default:
      return error.message ?? 'does not match the schema';
  }
}
