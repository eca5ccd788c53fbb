// Vulnerability evidence as Clause Guide reads it from the files other tools write: known
// vulnerabilities reported by a scanner (Grype, Trivy, OSV-Scanner, or a CycloneDX BOM's
// `vulnerabilities`), and VEX statements that say what a vulnerability means for a product
// (CycloneDX `analysis`, OpenVEX). Every reader is a pure function of the parsed JSON value; places
// in the file are JSON Pointers, which the host turns into ranges.
import { readCycloneDxVulnerabilities, readOpenVex } from './vex';
import { readGrype, readOsvScanner, readTrivy } from './scannerReports';
import { isObject, type ShapeProblem } from './jsonShape';

export type { ShapeProblem } from './jsonShape';

export type VulnerabilityFormat = 'grype' | 'trivy' | 'osv-scanner' | 'cyclonedx' | 'openvex';

/** A vulnerability a tool reports in a package: one per (vulnerability, package) pair. */
export interface ReportedVulnerability {
  /** The id the tool gives it (CVE-…, GHSA-…, …). */
  readonly id: string;
  /** Other ids of the same vulnerability the tool names (a GHSA's CVE, an OSV group's ids). */
  readonly aliases: readonly string[];
  /** The affected package's purl(s), as the tool wrote (or as made from its ecosystem, name and version). */
  readonly purls: readonly string[];
  /** The affected package as a person reads it: `lodash@4.17.20`. */
  readonly packageName: string;
  /** The tool's severity, as written (for messages only). */
  readonly severity?: string;
  /** Where in the file: the match, result or vulnerability entry. */
  readonly pointer: string;
}

/** OpenVEX's four statuses; CycloneDX analysis states are read into them (see `state`). */
export type VexStatus = 'not_affected' | 'affected' | 'fixed' | 'under_investigation';

/** What a VEX document says about one vulnerability in some products. */
export interface VexStatement {
  readonly vulnerability: string;
  readonly aliases: readonly string[];
  /** The products (and OpenVEX subcomponents) it speaks of: purls, or references not resolved to one. */
  readonly products: readonly string[];
  readonly status: VexStatus;
  /** The status as the file spells it (a CycloneDX state such as `in_triage` or `false_positive`). */
  readonly state: string;
  /** CycloneDX `analysis.justification` or OpenVEX `justification`. */
  readonly justification?: string;
  /** OpenVEX `impact_statement`. */
  readonly impactStatement?: string;
  /** CycloneDX `analysis.detail`. */
  readonly detail?: string;
  /** CycloneDX `analysis.response` (can_not_fix, will_not_fix, update, rollback, workaround_available). */
  readonly responses: readonly string[];
  /** OpenVEX `action_statement`. */
  readonly actionStatement?: string;
  /** Where in the file: the statement (OpenVEX) or the vulnerability (CycloneDX). */
  readonly pointer: string;
  /** Where its status is written. */
  readonly statusPointer: string;
}

/** What one file holds, and what is wrong with it. */
export interface VulnerabilityEvidence {
  readonly format: VulnerabilityFormat;
  readonly vulnerabilities: ReportedVulnerability[];
  readonly statements: VexStatement[];
  /** Problems of shape; a non-empty list makes the file invalid evidence (the first is reported). */
  readonly problems: ShapeProblem[];
}

/**
 * Which vulnerability format a parsed JSON document is in, by the marks each format documents:
 * OpenVEX's `@context`, CycloneDX's `bomFormat`, Grype's `matches` (with its `descriptor`), Trivy's
 * `SchemaVersion` and `Results`, OSV-Scanner's `results` of `packages`. Undefined for anything else.
 */
export function vulnerabilityFormat(value: unknown): VulnerabilityFormat | undefined {
  if (!isObject(value)) return undefined;
  if (typeof value['@context'] === 'string' && value['@context'].startsWith('https://openvex.dev/ns')) return 'openvex';
  if (value.bomFormat === 'CycloneDX') return 'cyclonedx';
  if ('matches' in value && (isObject(value.descriptor) ? value.descriptor.name === 'grype' : true)) return 'grype';
  if ('SchemaVersion' in value && 'ArtifactName' in value) return 'trivy';
  if (Array.isArray(value.results) && value.results.some((result) => isObject(result) && 'packages' in result)) return 'osv-scanner';
  return undefined;
}

/** Reads a document in a known format (see `vulnerabilityFormat`). */
export function readVulnerabilityEvidence(format: VulnerabilityFormat, value: unknown): VulnerabilityEvidence {
  switch (format) {
    case 'grype':
      return { format, statements: [], ...readGrype(value) };
    case 'trivy':
      return { format, statements: [], ...readTrivy(value) };
    case 'osv-scanner':
      return { format, statements: [], ...readOsvScanner(value) };
    case 'openvex':
      return { format, vulnerabilities: [], ...readOpenVex(value) };
    case 'cyclonedx':
      return { format, ...readCycloneDxVulnerabilities(value) };
  }
}

/** The ids a vulnerability goes by, upper-cased (CVE-2021-44228 and cve-2021-44228 are one). */
export function vulnerabilityIds(entry: { readonly id?: string; readonly vulnerability?: string; readonly aliases: readonly string[] }): string[] {
  const ids = [entry.id ?? entry.vulnerability ?? '', ...entry.aliases].map((id) => id.trim().toUpperCase()).filter(Boolean);
  return [...new Set(ids)];
}
