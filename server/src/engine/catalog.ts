// The clause catalog of IEC 81001-5-1:2021: its data shape, loading and checking.
// The engine does no I/O: the host (server, CLI, tests) reads catalog/clauses.yaml
// and hands the text to loadCatalog.
import { CRITERION_CHECKS, type Criterion } from './criteria';
import { COMMON_FIELDS, ITEM_FIELDS, KIND_SHAPES, specOf, type CollectionName } from './schema';
import { EVIDENCE_KINDS, type EvidenceKind } from './evidence/types';
import { toPlainData } from './yamlParse';

export const PHASES = [
  'planning',
  'requirements',
  'design',
  'implementation',
  'verification',
  'release',
  'maintenance',
  'risk',
  'problem-resolution',
] as const;
export type LifecyclePhase = (typeof PHASES)[number];

export const DOCUMENT_KINDS = [
  'security-requirements',
  'threat-model',
  'security-architecture',
  'tailoring-record',
  'release-record',
  'lifecycle-plan',
  // kinds-org
  'security-verification',
  'security-organization',
  'maintenance-plan',
  'configuration-management',
  'security-risk-management',
  'vulnerability-handling',
  'transitional-assessment',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export type GapSeverity = 'error' | 'warning' | 'information';

export interface CommonGap {
  gap: string;
  severity: GapSeverity;
}

/** Something an auditor looks for that a rule of Clause Guide checks mechanically. */
export interface ClauseCheck {
  /** The rule that checks it (a name of the rule registry; a test holds the two together). */
  rule: string;
  /** What is checked, in our own words. */
  text: string;
}

export interface Clause {
  /** Clause number as printed in the standard: "5.3.1", "8", "E.2.1". */
  id: string;
  /** The official clause title (a fact, not copyrighted text). */
  title: string;
  /** Id of the enclosing clause; null for the top-level clauses 4..9 and the annex. */
  parent: string | null;
  /** What the clause asks for, in our own words. */
  summary: string;
  /** IEC 62443-4-1 practice ids this clause derives from (Annex D); empty when none. */
  iec62443_4_1: string[];
  /**
   * True when the practices are inherited from the grouping clause Annex D maps as a whole
   * (7.1 → SR-1, E.2 → SG-1…SG-3): our reading, not a row of Annex D.
   */
  iec62443_4_1_inferred?: boolean;
  /** False when Annex D does not list the clause at all (4.3): "not listed", which is not "none". */
  annex_d_listed?: boolean;
  /** Annex E is informative: its gaps are recommendations. Everything else is normative. */
  status?: 'normative' | 'informative';
  /** Annex F applies only to a product that declares itself transitional health software. */
  applies_to?: 'transitional';
  /** An overview section (E.1, F.1): it introduces its annex and asks for no evidence of its own. */
  overview?: boolean;
  phase: LifecyclePhase;
  /**
   * Words people use for the clause's topic that its title does not contain ("SBOM", "patch",
   * "threat model"), in our own words; Find Clause searches them. Absent or empty when none.
   */
  keywords?: string[];
  /** Document kinds whose presence gives evidence for the clause. */
  evidence: DocumentKind[];
  /** What content shows the clause is met (every leaf clause and Annex F item has some; see criteria.ts). */
  criteria?: Criterion[];
  // In-depth fields: present for the clauses the rules check closely.
  /** What Clause Guide checks, each line with the rule that checks it. */
  checks?: ClauseCheck[];
  /** What a person has to show and no rule can check. */
  must_show?: string[];
  common_gaps?: CommonGap[];
  auditor_question?: string;
  /** Related clauses of IEC 62304, ISO 13485, ISO 14971, e.g. "IEC 62304 5.2.1". */
  related?: string[];
  /** File-name patterns (regular expressions) that usually hold the evidence. */
  evidence_files?: string[];
}

/** Clauses that must carry the in-depth fields (SPEC §2). */
export const IN_DEPTH_CLAUSES = ['5.1.1', '5.2.1', '5.3.1', '5.8.1', '5.8.5', '5.8.6', '7.2', '7.4'];

export interface Catalog {
  readonly clauses: readonly Clause[];
  get(id: string): Clause | undefined;
  children(id: string | null): Clause[];
}

export class CatalogError extends Error {}

/** Parses the catalog YAML (a top-level `clauses:` list). Throws CatalogError on a malformed file. */
export function loadCatalog(yamlText: string): Catalog {
  return catalogFromData(toPlainData(yamlText));
}

/**
 * The catalog from the YAML's plain data (what toPlainData gives, or the same data kept as JSON by
 * the build: parsing the YAML took 100-180 ms of every CLI run's start; see node/resources.ts).
 */
export function catalogFromData(plain: unknown): Catalog {
  const data = plain as { clauses?: unknown };
  if (!data || !Array.isArray(data.clauses)) {
    throw new CatalogError('catalog: expected a top-level "clauses" list');
  }
  const clauses = data.clauses.map((raw) => normaliseClause(raw));
  return createCatalog(clauses);
}

export function createCatalog(clauses: Clause[]): Catalog {
  const byId = new Map(clauses.map((c) => [c.id, c]));
  const byParent = new Map<string | null, Clause[]>();
  for (const clause of clauses) {
    const siblings = byParent.get(clause.parent) ?? [];
    siblings.push(clause);
    byParent.set(clause.parent, siblings);
  }
  return {
    clauses,
    get: (id) => byId.get(id),
    children: (id) => byParent.get(id) ?? [],
  };
}

function normaliseClause(raw: unknown): Clause {
  if (!raw || typeof raw !== 'object') throw new CatalogError('catalog: every entry must be a mapping');
  const entry = raw as Record<string, unknown>;
  // Ids like 8 or 7.2 would be read as numbers by YAML when unquoted; keep them as text.
  const id = String(entry.id ?? '');
  return {
    ...(entry as unknown as Clause),
    id,
    parent: entry.parent === null || entry.parent === undefined ? null : String(entry.parent),
    iec62443_4_1: Array.isArray(entry.iec62443_4_1) ? entry.iec62443_4_1.map(String) : [],
    evidence: Array.isArray(entry.evidence) ? (entry.evidence as DocumentKind[]) : [],
    keywords: Array.isArray(entry.keywords) ? entry.keywords.map((keyword) => (typeof keyword === 'string' ? keyword : String(keyword))) : [],
  };
}

/**
 * Lists what is wrong with a catalog: duplicate ids, missing parents, missing fields,
 * values outside their enumerations. Empty when the catalog is sound.
 */
export function validateCatalog(catalog: Catalog): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const clause of catalog.clauses) {
    const where = `clause ${clause.id || '(no id)'}`;
    if (!/^(?:\d+(?:\.\d+)*|[EF](?:\.\d+)*)$/.test(clause.id)) problems.push(`${where}: malformed id`);
    if (seen.has(clause.id)) problems.push(`${where}: duplicate id`);
    seen.add(clause.id);
    if (!clause.title?.trim()) problems.push(`${where}: missing title`);
    if (!clause.summary?.trim()) problems.push(`${where}: missing summary`);
    if (clause.parent !== null && !catalog.get(clause.parent)) {
      problems.push(`${where}: parent ${clause.parent} does not exist`);
    }
    if (!PHASES.includes(clause.phase)) problems.push(`${where}: phase "${clause.phase}" is not one of ${PHASES.join(', ')}`);
    for (const kind of clause.evidence) {
      if (!DOCUMENT_KINDS.includes(kind)) problems.push(`${where}: evidence kind "${kind}" is unknown`);
    }
    for (const criterion of clause.criteria ?? []) problems.push(...criterionProblems(where, criterion, catalog));
    for (const check of clause.checks ?? []) {
      if (!check || typeof check.rule !== 'string' || typeof check.text !== 'string') problems.push(`${where}: a check needs a rule and a text`);
    }
    if (clause.status !== undefined && clause.status !== 'normative' && clause.status !== 'informative') problems.push(`${where}: status "${clause.status}" is not normative or informative`);
    if (clause.iec62443_4_1_inferred && clause.iec62443_4_1.length === 0) problems.push(`${where}: inferred practices but none listed`);
    for (const keyword of clause.keywords ?? []) {
      if (!keyword.trim()) problems.push(`${where}: empty keyword`);
    }
    for (const practice of clause.iec62443_4_1) {
      if (!/^(SM|SR|SD|SI|SVV|DM|SUM|SG)-\d+$/.test(practice)) problems.push(`${where}: practice "${practice}" is not an IEC 62443-4-1 id`);
    }
  }
  for (const id of IN_DEPTH_CLAUSES) {
    const clause = catalog.get(id);
    if (!clause) {
      problems.push(`clause ${id}: missing (the rules check it in depth)`);
      continue;
    }
    if ((clause.checks?.length ?? 0) + (clause.must_show?.length ?? 0) === 0) problems.push(`clause ${id}: missing checks and must_show`);
    if (!clause.common_gaps?.length) problems.push(`clause ${id}: missing common_gaps`);
    for (const gap of clause.common_gaps ?? []) {
      if (!['error', 'warning', 'information'].includes(gap.severity)) problems.push(`clause ${id}: common gap severity "${gap.severity}" is invalid`);
    }
    if (!clause.auditor_question?.trim()) problems.push(`clause ${id}: missing auditor_question`);
    if (!clause.related?.length) problems.push(`clause ${id}: missing related`);
    if (!clause.evidence_files?.length) problems.push(`clause ${id}: missing evidence_files`);
  }
  return problems;
}

/**
 * What makes the catalog promise more than the engine judges (issue 13): a clause coverage judges (a
 * leaf that is no overview, Annex F's items included) without evidence criteria would read as
 * claimed or missing for ever, and a "What Clause Guide checks" line whose rule does not exist would
 * tell the user a check runs that never does. `overview` may mark only a leaf titled Overview (E.1,
 * F.1), so it cannot hide a clause from this walk. The rule names come from the host (the registry:
 * the catalog does not import the rules).
 */
export function catalogCompletenessProblems(catalog: Catalog, ruleNames: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  for (const clause of catalog.clauses) {
    const where = `clause ${clause.id}`;
    const leaf = catalog.children(clause.id).length === 0;
    if (clause.overview && (!leaf || clause.title.trim() !== 'Overview')) problems.push(`${where}: only a leaf titled Overview may be an overview (it asks for no evidence)`);
    if (leaf && !clause.overview && !clause.criteria?.length) problems.push(`${where}: ${clause.applies_to === 'transitional' ? 'an Annex F item' : 'a leaf clause'} without evidence criteria`);
    for (const check of clause.checks ?? []) {
      if (!ruleNames.has(check.rule)) problems.push(`${where}: "What Clause Guide checks" names rule ${check.rule}, which does not exist`);
    }
  }
  return problems;
}

function criterionProblems(where: string, criterion: Criterion, catalog: Catalog): string[] {
  const problems: string[] = [];
  if (!criterion || typeof criterion !== 'object') return [`${where}: a criterion must be a mapping`];
  if (!CRITERION_CHECKS.includes(criterion.check)) problems.push(`${where}: criterion check "${criterion.check}" is not one of ${CRITERION_CHECKS.join(', ')}`);
  if (typeof criterion.text !== 'string' || !criterion.text.trim()) problems.push(`${where}: a criterion needs a text`);
  if (criterion.check === 'items' || criterion.check === 'every' || criterion.check === 'verified' || (criterion.check === 'record' && criterion.collection !== undefined)) {
    const fields = ITEM_FIELDS[criterion.collection as CollectionName];
    if (!fields) problems.push(`${where}: criterion collection "${criterion.collection}" is unknown`);
    for (const field of criterion.fields ?? []) if (fields && !(field in fields)) problems.push(`${where}: ${criterion.collection} have no field "${field}"`);
    for (const field of Object.keys(criterion.where ?? {})) if (fields && !specOf(fields, field)) problems.push(`${where}: criterion where: ${criterion.collection} have no field "${field}"`);
  }
  if (criterion.clause !== undefined && !catalog.get(String(criterion.clause))) problems.push(`${where}: criterion clause ${criterion.clause} does not exist`);
  if ((criterion.check === 'field' || criterion.check === 'record-field') && (!DOCUMENT_KINDS.includes(criterion.kind as DocumentKind) || !criterion.field)) {
    problems.push(`${where}: a field criterion needs a known kind and a field`);
  } else if (criterion.check === 'field' || criterion.check === 'record-field') {
    const kind = criterion.kind as DocumentKind;
    if (!specOf(COMMON_FIELDS, criterion.field!) && !specOf(KIND_SHAPES[kind].fields, criterion.field!)) problems.push(`${where}: a ${kind} has no top-level field "${criterion.field}"`);
  }
  if (criterion.check === 'documents' && !EVIDENCE_KINDS.includes(criterion.kind as EvidenceKind)) problems.push(`${where}: a documents criterion needs an evidence kind (${EVIDENCE_KINDS.join(', ')})`);
  if (criterion.check === 'any') {
    if (!Array.isArray(criterion.of) || criterion.of.length < 2) problems.push(`${where}: an any criterion needs at least two alternatives under \`of\``);
    else for (const alternative of criterion.of) problems.push(...criterionProblems(where, alternative, catalog));
  }
  return problems;
}
