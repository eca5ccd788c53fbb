// Package URLs (purl) as the evidence files name components and affected packages. Read with
// packageurl-js, which normalises per type (npm and PyPI names lowercased, PyPI `_` -> `-`,
// qualifiers sorted), so `pkg:NPM/Lodash@4.17.20` and `pkg:npm/lodash@4.17.20` are one package.
import type * as PackageUrlJs from 'packageurl-js';

/** packageurl-js, loaded with the first purl read (the bundles keep it in dist/vendor/; esbuild.mjs). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
let packageUrlJs: typeof PackageUrlJs | undefined;
const packageUrl = (): typeof PackageUrlJs => (packageUrlJs ??= require('packageurl-js'));

export interface Purl {
  /** The package without version, qualifiers or subpath: `pkg:npm/%40angular/core`. */
  readonly base: string;
  readonly version: string | undefined;
  readonly qualifiers: Readonly<Record<string, string>>;
  readonly subpath: string | undefined;
  /** The whole purl in canonical form. */
  readonly canonical: string;
}

/** Parsed purls by their text: the same purl is named by the SBOM, the scanner and the VEX alike. */
const parsed = new Map<string, Purl | null>();

/** The purl a text names, normalised; undefined when it is not a valid purl. */
export function parsePurl(text: string): Purl | undefined {
  let purl = parsed.get(text);
  if (purl === undefined) {
    purl = read(text);
    // A bound on the memo: a product line's SBOMs name a few thousand purls, a hostile file any number.
    if (parsed.size > 50_000) parsed.clear();
    parsed.set(text, purl);
  }
  return purl ?? undefined;
}

function read(text: string): Purl | null {
  if (typeof text !== 'string' || !text.trim().toLowerCase().startsWith('pkg:')) return null;
  try {
    const purl = packageUrl().PackageURL.fromString(text.trim());
    const base = new (packageUrl().PackageURL)(purl.type, purl.namespace, purl.name, undefined, undefined, undefined).toString();
    return { base, version: purl.version ?? undefined, qualifiers: { ...(purl.qualifiers ?? {}) }, subpath: purl.subpath ?? undefined, canonical: purl.toString() };
  } catch {
    return null;
  }
}

/** The canonical form of a purl, or undefined when the text is not one. */
export function purlKey(text: string): string | undefined {
  return parsePurl(text)?.canonical;
}

/**
 * Whether a statement about `stated` (a VEX product) applies to the component `component`: the
 * same package; the same version unless the statement names none (then it speaks of every
 * version); every qualifier the statement names with the same value (a statement about
 * `?arch=x86_64` says nothing of arm64), and the same subpath if it names one.
 */
export function purlCovers(stated: Purl, component: Purl): boolean {
  if (stated.base !== component.base) return false;
  if (stated.version !== undefined && stated.version !== component.version) return false;
  for (const [key, value] of Object.entries(stated.qualifiers)) if (component.qualifiers[key] !== value) return false;
  return stated.subpath === undefined || stated.subpath === component.subpath;
}

/** The purl of a package named by ecosystem, name and version (for reports that give no purl). */
export function purlOf(type: string, name: string, version: string | undefined, namespace?: string): string | undefined {
  if (!name) return undefined;
  let packageName = name;
  if (type === 'maven' && name.includes(':')) [namespace, packageName] = name.split(':', 2);
  else if ((type === 'npm' && name.startsWith('@')) || type === 'golang' || type === 'composer') {
    const slash = name.lastIndexOf('/');
    if (slash > 0) [namespace, packageName] = [name.slice(0, slash), name.slice(slash + 1)];
  }
  try {
    return new (packageUrl().PackageURL)(type, namespace, packageName, version || undefined, undefined, undefined).toString();
  } catch {
    return undefined;
  }
}
