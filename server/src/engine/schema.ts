// The shape of each document kind (SPEC §3): which collections of items it holds, and what each
// field of an item must be. The model reads documents through this; invalid-value checks against it.
import type { DocumentKind } from './catalog';
import type { EvidenceKind } from './evidence/types';

/** The kind of a model: a security document's, or an evidence file's (an SBOM…). */
export type ModelKind = DocumentKind | EvidenceKind;

export const REQUIREMENT_PHASES = ['installation', 'operation', 'maintenance', 'decommissioning'] as const;
/** The defense-in-depth layers an architecture needs unless it (or the configuration) says otherwise; `physical` is the hardware: enclosure, ports, debug interfaces. */
export const DEFAULT_LAYERS = ['network', 'application', 'data', 'authentication', 'endpoint', 'physical'] as const;

export type CollectionName =
  | 'requirements'
  | 'threats'
  | 'zones'
  | 'boundaries'
  | 'controls'
  | 'approvers'
  | 'entries'
  | 'findings'
  | 'activities'
  | 'phases'
  | 'plan-activities'
  // security-risk-management (7.1–7.5): acceptance criteria per risk level, residual-risk acceptances, control monitoring.
  | 'criteria'
  | 'acceptances'
  | 'monitoring'
  // Evidence files' items (see evidence/types.ts).
  | 'components'
  | 'test-cases'
  | 'model-boundaries'
  | 'component-support'
  | 'vulnerabilities'
  | 'vex-statements'
  // kinds-org: security-verification (5.5–5.7), security-organization (4.1, 5.1.2, 5.1.3),
  // maintenance-plan (6, 4.3), configuration-management (8).
  | 'tests'
  | 'test_independence'
  | 'responsibilities'
  | 'people'
  | 'suppliers'
  | 'reviews'
  | 'dev_controls'
  | 'accompanying_documents'
  | 'update_targets'
  | 'monitoring_sources'
  | 'software_items'
  | 'configuration_items'
  | 'baselines'
  // vulnerability-handling (clause 9, 4.1.7): intake channels and the log of problem reports.
  | 'channels'
  | 'reports'
  // threat-model: the regulatory assessment of a threat kept in a modelling tool (Threat Dragon), by its id.
  | 'threat_assessments'
  // transitional-assessment (Annex F): the gaps found against this standard, and what operators are told.
  | 'gaps'
  | 'communications';

/**
 * What a field holds:
 * - text: one scalar; id: an item id; date: ISO date (YYYY-MM-DD)
 * - enum: one of `values`; layer: a defense-in-depth layer (the declared or default layers)
 * - clause / clauses: one clause number / a list of them
 * - list: a list of free-form scalars; refs: a list of ids of items of `target`
 */
export type FieldSpec =
  | { type: 'text' | 'id' | 'date' | 'clause' | 'clauses' | 'list' | 'layer' | 'layers' }
  /**
   * `prose`: long text written for people (a requirement's text), which no rule reads beyond
   * "filled, not a placeholder". A host that frees file texts keeps such a value in the file's text,
   * not in the model, and reads it from there when asked (ModelBuilder.freeText); a rule that reads
   * it on every analysis makes every analysis unpack files (the rule contract test says so).
   */
  | { type: 'text'; prose: true }
  /** `scale`: the values are ordered levels of a rating (risk, safety impact): a guess between them can understate it. */
  | { type: 'enum'; values: readonly string[]; scale?: boolean }
  | { type: 'refs'; target: CollectionName };

const text = { type: 'text' } as const;
const prose = { type: 'text', prose: true } as const;
const id = { type: 'id' } as const;
const date = { type: 'date' } as const;
const list = { type: 'list' } as const;
const enumOf = (...values: string[]) => ({ type: 'enum', values }) as const;
const scaleOf = (...values: string[]) => ({ type: 'enum', values, scale: true }) as const;
const refs = (target: CollectionName) => ({ type: 'refs', target }) as const;

export const RISK_LEVELS = ['low', 'medium', 'high', 'critical'];
export const SAFETY_IMPACTS = ['none', 'minor', 'serious', 'critical'];
export const TAILORING_DECISIONS = ['not-applicable', 'alternative', 'deferred'];
export const RELEASE_DECISIONS = ['authorized', 'blocked', 'pending'];
export const FINDING_STATUSES = ['open', 'resolved', 'risk-accepted'];
export const ACTIVITY_STATUSES = ['done', 'not-done'];
// kinds-org
/** The types of security test of 5.5–5.7 (5.7.5 sets the tester's independence per type). */
export const TEST_TYPES = ['requirement', 'threat-mitigation', 'vulnerability', 'penetration', 'static-analysis', 'code-review', 'integration'];
/** How far a tester stands from the developers of what is tested, from least to most independent. */
export const INDEPENDENCE_LEVELS = ['none', 'other-person', 'other-team', 'external'];
/** What a development control is about: the development environment (5.1.2) or a secure coding standard (5.1.3). */
export const DEV_CONTROL_AREAS = ['environment', 'coding-standard'];
/** Who looks after a software item's security in the field (4.3). */
export const SOFTWARE_ITEM_CLASSES = ['maintained', 'supported', 'required'];
/** What a risk acceptance criterion says of a risk level (7.1.1): accepted as it is, accepted by a named person, or reduced. */
export const RISK_ACCEPTANCE = ['acceptable', 'accept-with-approval', 'unacceptable'];
// vulnerability-handling
/** Where a problem report stands in the problem-resolution process of clause 9 (9.2 received, 9.3 triaged, 9.4 analysed, 9.5 closed). */
export const REPORT_STATUSES = ['received', 'triaged', 'analysed', 'closed'];
/** What was decided for a problem report (9.5): fixed, mitigated (a workaround or control), its risk accepted, or the product is not affected. */
export const REPORT_DECISIONS = ['fix', 'mitigate', 'accept-risk', 'not-affected'];
// transitional-assessment
/**
 * What was done about a gap of transitional software (Annex F): closed by added work, compensated by
 * a control, transferred to the operator by a measure they are told to take, its risk accepted, or
 * its closure planned by a date.
 */
export const GAP_TREATMENTS = ['closed', 'compensated', 'transferred', 'accepted', 'planned'];

/** Fields of the items of each collection. */
export const ITEM_FIELDS: Record<CollectionName, Record<string, FieldSpec>> = {
  requirements: { id, phase: enumOf(...REQUIREMENT_PHASES), text: prose, threats: refs('threats'), verification: list },
  // risk: before controls; residual_risk: after them (7.3, 7.4); hazard: the ISO 14971 hazard the threat can lead to.
  threats: { id, title: text, category: text, safety_impact: scaleOf(...SAFETY_IMPACTS), risk: scaleOf(...RISK_LEVELS), residual_risk: scaleOf(...RISK_LEVELS), hazard: text },
  zones: { id, name: text },
  boundaries: { id, name: text, between: refs('zones'), controls: refs('controls') },
  controls: { id, title: text, layer: { type: 'layer' }, mitigates: refs('threats'), safety_impact: text },
  approvers: { name: text, role: text, security_expertise: text },
  entries: { id, clause: { type: 'clause' }, decision: enumOf(...TAILORING_DECISIONS), justification: text, approved_by: text, date, due: date },
  // problem: the problem reports of the vulnerability handling the finding went through (5.8.1).
  findings: { id, source: text, status: enumOf(...FINDING_STATUSES), issue: text, rationale: text, accepted_by: text, accepted_on: date, problem: refs('reports') },
  // components: the components the activity covered (release-activity-missing scopes by them; none: the whole release).
  activities: { id, clause: { type: 'clause' }, status: enumOf(...ACTIVITY_STATUSES), record: text, components: list },
  phases: { name: text },
  'plan-activities': { id, title: text, phase: text, clauses: { type: 'clauses' }, record: text },
  criteria: { id, risk: scaleOf(...RISK_LEVELS), acceptance: enumOf(...RISK_ACCEPTANCE), rationale: text },
  acceptances: { id, threats: refs('threats'), residual_risk: scaleOf(...RISK_LEVELS), rationale: text, accepted_by: text, accepted_on: date },
  monitoring: { id, controls: refs('controls'), method: text, interval: text, last_checked: date, record: text },
  components: { id, name: text, version: text, supplier: text, purl: text, support_level: text, end_of_support: date },
  // A JUnit test case (evidence/testResultsReader.ts) and a Threat Dragon trust boundary (evidence/threatDragonReader.ts).
  'test-cases': { name: text, classname: text, suite: text, outcome: text, file: text, time: text, timestamp: text, message: text, verifies: list },
  'model-boundaries': { name: text, diagram: text, separates: list },
  'component-support': { purl: text, support_level: text, end_of_support: date },
  vulnerabilities: { vulnerability: text, aliases: list, purls: list, package: text, severity: text },
  'vex-statements': { vulnerability: text, aliases: list, products: list, status: text, state: text, justification: text, impact_statement: text, action_statement: text, responses: list, detail: text },
  // kinds-org
  tests: { id, type: enumOf(...TEST_TYPES), title: text, verifies: refs('requirements'), threats: refs('threats'), tester: text, independence: scaleOf(...INDEPENDENCE_LEVELS), date, record: text },
  test_independence: { id, type: enumOf(...TEST_TYPES), minimum: scaleOf(...INDEPENDENCE_LEVELS), rationale: text },
  responsibilities: { id, role: text, person: text, duties: text, clauses: { type: 'clauses' } },
  people: { id, name: text, role: text, security_expertise: text, reviewed: date },
  suppliers: { id, name: text, supplies: text, agreement: text, monitoring: text, reviewed: date },
  reviews: { id, subject: text, clause: { type: 'clause' }, date, next: date, outcome: text, record: text },
  dev_controls: { id, area: enumOf(...DEV_CONTROL_AREAS), title: text, scope: text, enforcement: text, record: text },
  accompanying_documents: { id, title: text, version: text, reviewed: date, clauses: { type: 'clauses' }, record: text },
  update_targets: { id, severity: scaleOf(...RISK_LEVELS), days: text, rationale: text },
  monitoring_sources: { id, name: text, url: text, frequency: text, responsible: text },
  software_items: { id, name: text, classification: enumOf(...SOFTWARE_ITEM_CLASSES), owner: text, notes: text },
  configuration_items: { id, name: text, location: text, version: text },
  baselines: { id, release: text, date, items: refs('configuration_items'), record: text },
  // vulnerability-handling: how reports reach us (9.2), and each report from receipt to closure (9.3–9.5).
  channels: { id, name: text, address: text, audience: text, monitored_by: text },
  reports: {
    id, title: text, source: text, channel: text, received: date, acknowledged: date, triaged: date, affects: text,
    status: enumOf(...REPORT_STATUSES), analysis: text, safety_impact: scaleOf(...SAFETY_IMPACTS),
    decision: enumOf(...REPORT_DECISIONS), fixed_in: text, notice: text, closed: date, record: text,
  },
  // The safety impact, ISO 14971 hazard and residual risk of a threat whose own data stays in a
  // modelling tool that has no field for them (a Threat Dragon threat, TD-<n>): see criteria.ts.
  threat_assessments: { id, threats: refs('threats'), safety_impact: scaleOf(...SAFETY_IMPACTS), hazard: text, residual_risk: scaleOf(...RISK_LEVELS), rationale: text },
  // transitional-assessment: a gap of the existing development against a clause (F.2) and the
  // risk it leaves (F.3); what operators are told about the software and their part (F.3, F.4).
  gaps: {
    id, clause: { type: 'clause' }, gap: text, treatment: enumOf(...GAP_TREATMENTS), action: text, controls: refs('controls'),
    residual_risk: scaleOf(...RISK_LEVELS), due: date, record: text,
  },
  communications: { id, audience: text, content: text, channel: text, date, record: text },
};

/** Top-level fields every document may have, and those of each kind. */
export const COMMON_FIELDS: Record<string, FieldSpec> = {
  kind: text,
  id,
  title: text,
  product: text,
  version: text,
  owner: text,
  reviewed: date,
  clauses: { type: 'clauses' },
};

export interface KindShape {
  fields: Record<string, FieldSpec>;
  /** Top-level keys holding lists of items. */
  collections: CollectionName[];
}

export const KIND_SHAPES: Record<ModelKind, KindShape> = {
  'security-requirements': { fields: {}, collections: ['requirements'] },
  'threat-model': { fields: { method: text, changed: date }, collections: ['threats', 'threat_assessments'] },
  'security-architecture': { fields: { layers: { type: 'layers' } }, collections: ['zones', 'boundaries', 'controls'] },
  'tailoring-record': { fields: {}, collections: ['approvers', 'entries'] },
  // baseline: the previous authorized release (git tag or commit, or its version when the tag is v<version>).
  // changed_components: what this release changes; each required activity must then cover them (release-activity-missing).
  'release-record': { fields: { release: text, decision: enumOf(...RELEASE_DECISIONS), baseline: text, changed_components: list }, collections: ['findings', 'activities'] },
  'lifecycle-plan': { fields: {}, collections: ['phases'] },
  'security-risk-management': {
    fields: { intended_environment: text, adjacent_systems: list, user_roles: list, risk_file: text },
    collections: ['criteria', 'acceptances', 'monitoring'],
  },
  // Evidence files (see evidence/): their readers make the items; nobody writes these kinds in YAML.
  sbom: { fields: { subject: text, subject_purl: text, timestamp: text }, collections: ['components', 'vulnerabilities', 'vex-statements'] },
  'test-results': { fields: {}, collections: ['test-cases'] },
  'threat-dragon': { fields: { title: text }, collections: ['threats', 'model-boundaries'] },
  'component-support': { fields: {}, collections: ['component-support'] },
  'vulnerability-report': { fields: {}, collections: ['vulnerabilities'] },
  vex: { fields: {}, collections: ['vex-statements'] },
  // kinds-org
  'security-verification': { fields: {}, collections: ['tests', 'test_independence'] },
  'security-organization': { fields: { review_interval: text }, collections: ['responsibilities', 'people', 'suppliers', 'reviews', 'dev_controls', 'accompanying_documents'] },
  'maintenance-plan': { fields: { update_verification: text, delivery_channel: text, delivery_integrity: text }, collections: ['update_targets', 'monitoring_sources', 'software_items'] },
  'configuration-management': { fields: { tool: text }, collections: ['configuration_items', 'baselines'] },
  // procedure: the problem-resolution procedure (9.1) and disclosure_policy: the published
  // disclosure policy (4.1.7), each a record; acknowledge_days / triage_days: the response targets (9.2, 9.3).
  'vulnerability-handling': {
    fields: { procedure: text, disclosure_policy: text, acknowledge_days: text, triage_days: text },
    collections: ['channels', 'reports'],
  },
  // Annex F: who compared the existing development with this standard and when (F.2), why the
  // software may be used all the same and who approved that (F.3), and until when it is supported (F.4).
  'transitional-assessment': {
    fields: { assessed_by: text, assessed_on: date, rationale: text, approved_by: text, approved_on: date, support_until: date },
    collections: ['gaps', 'communications'],
  },
};

/** Collections whose items are referenced by id from other items. */
export const ID_COLLECTIONS: CollectionName[] = [
  'requirements', 'threats', 'zones', 'boundaries', 'controls', 'findings', 'plan-activities', 'entries', 'activities', 'components',
  // kinds-org
  'tests', 'test_independence', 'responsibilities', 'people', 'suppliers', 'reviews', 'dev_controls', 'accompanying_documents',
  'update_targets', 'monitoring_sources', 'software_items', 'configuration_items', 'baselines',
  // security-risk-management
  'criteria', 'acceptances', 'monitoring',
  // vulnerability-handling
  'channels', 'reports',
  // transitional-assessment
  'gaps', 'communications',
];

/** The YAML key of a collection (plan activities sit under each phase's `activities`). */
export function collectionKey(collection: CollectionName): string {
  return collection === 'plan-activities' ? 'activities' : collection;
}

/** Normalises a Markdown table header or YAML key: case-insensitive, spaces and dashes as `_`. */
export function fieldName(header: string): string {
  return header.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

/**
 * The spec of a field in a lookup table, never one inherited from Object: a key such as
 * `constructor` or `__proto__` in a document is a field the table does not know.
 */
export function specOf(table: Record<string, FieldSpec>, key: string): FieldSpec | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}
