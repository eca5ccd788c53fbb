// Traceability (SPEC §6 `clauseGuide.exportTraceability`, CLI `matrix`, the traceability view):
// requirement → threat → mitigating control → verification, as rows (CSV, Markdown) and as a tree
// rooted at the threats.
import { requirementVerification, testResultsOf, verdictWord } from '../evidence/verification';
import type { TestResultIndex } from '../evidence/testResults';
import { fieldList, fieldText, type ModelItem } from '../model';
import { plainRange } from '../text';
import type { Range } from '../types';
import type { WorkspaceIndex } from '../workspace';
import { csvTable, markdownTable } from './tables';

export interface TraceRow {
  requirement: string;
  requirementText: string;
  phase: string;
  threat: string;
  threatTitle: string;
  control: string;
  controlTitle: string;
  verification: string;
  /** What the test results say of the requirement: pass, fail or no result. */
  result: string;
}

export interface TraceNode {
  id: string;
  label: string;
  kind: 'threat' | 'control' | 'requirement' | 'verification';
  location?: { uri: string; range: Range };
  children: TraceNode[];
  /** What is missing at this node (a threat no control mitigates or no requirement names, a requirement with no verification); empty when nothing. */
  gaps: string[];
}

const COLUMNS: [keyof TraceRow, string][] = [
  ['requirement', 'Requirement'],
  ['requirementText', 'Requirement text'],
  ['phase', 'Phase'],
  ['threat', 'Threat'],
  ['threatTitle', 'Threat title'],
  ['control', 'Control'],
  ['controlTitle', 'Control title'],
  ['verification', 'Verification'],
  ['result', 'Result'],
];

/** One row per requirement × named threat × control mitigating it; a requirement with no threat, or a threat with no control, still gets its row. */
export function traceabilityRows(workspace: WorkspaceIndex): TraceRow[] {
  const rows: TraceRow[] = [];
  const results = testResultsOf(workspace.items('test-cases'));
  for (const requirement of workspace.items('requirements')) {
    const base = {
      requirement: requirement.id?.text ?? '',
      requirementText: fieldText(requirement, 'text'),
      phase: fieldText(requirement, 'phase'),
      verification: listIds(requirement, 'verification').join('; '),
      result: verdictWord(requirementVerification(requirement, results).verdict),
    };
    const threats = listIds(requirement, 'threats');
    if (!threats.length) rows.push({ ...base, threat: '', threatTitle: '', control: '', controlTitle: '' });
    for (const threat of threats) {
      const threatTitle = title(firstItem(workspace, threat, 'threats'));
      const controls = mitigatingControls(workspace, threat);
      if (!controls.length) rows.push({ ...base, threat, threatTitle, control: '', controlTitle: '' });
      for (const control of controls) rows.push({ ...base, threat, threatTitle, control: control.id!.text, controlTitle: title(control) });
    }
  }
  return rows;
}

/** The matrix for a spreadsheet (see tables.ts: RFC 4180, formula-looking cells quoted). */
export function traceabilityCsv(rows: TraceRow[]): string {
  return csvTable(COLUMNS.map(([, header]) => header), rows.map((row) => COLUMNS.map(([key]) => row[key])));
}

export function traceabilityMarkdown(rows: TraceRow[]): string {
  return markdownTable(COLUMNS.map(([, header]) => header), rows.map((row) => COLUMNS.map(([key]) => row[key])));
}

/** Threat → controls that mitigate it → requirements that name the threat → their verification ids. Requirements sit directly under a threat no control mitigates. */
export function traceabilityTree(workspace: WorkspaceIndex): TraceNode[] {
  const seen = new Set<string>();
  const results = testResultsOf(workspace.items('test-cases'));
  const threats = workspace.items('threats').filter((threat) => threat.id && !seen.has(threat.id.text) && seen.add(threat.id.text));
  return threats.map((threat) => {
    const id = threat.id!.text;
    const requirements = workspace
      .items('requirements')
      .filter((requirement) => listIds(requirement, 'threats').includes(id))
      .map((requirement) => requirementNode(requirement, results));
    const controls = mitigatingControls(workspace, id).map((control) => node(control, 'control', requirements));
    const gaps = [...(controls.length ? [] : ['no control mitigates it']), ...(requirements.length ? [] : ['no requirement names it'])];
    return { ...node(threat, 'threat', controls.length ? controls : requirements), gaps };
  });
}

function requirementNode(requirement: ModelItem, results: TestResultIndex): TraceNode {
  // Each verification id with what the test results say of it (pass / fail / no result).
  const verification = listIds(requirement, 'verification').map((id): TraceNode => ({ id, label: `${id} — ${verdictWord(results.resultFor(id).verdict)}`, kind: 'verification', children: [], gaps: [] }));
  const result = node(requirement, 'requirement', verification);
  return { ...result, label: `${result.label} [${verdictWord(requirementVerification(requirement, results).verdict)}]`, gaps: verification.length ? [] : ['names no verification'] };
}

function node(item: ModelItem, kind: TraceNode['kind'], children: TraceNode[]): TraceNode {
  const id = item.id?.text ?? '';
  const name = kind === 'requirement' ? fieldText(item, 'text') : title(item);
  return { id, label: name ? `${id} — ${name}` : id, kind, location: { uri: item.uri, range: plainRange(item.id?.range ?? item.anchor) }, children, gaps: [] };
}

/** Controls (each id once, in workspace order) whose `mitigates` names the threat. */
function mitigatingControls(workspace: WorkspaceIndex, threatId: string): ModelItem[] {
  const seen = new Set<string>();
  return workspace
    .items('controls')
    .filter((control) => control.id && listIds(control, 'mitigates').includes(threatId) && !seen.has(control.id.text) && seen.add(control.id.text));
}

function firstItem(workspace: WorkspaceIndex, id: string, collection: ModelItem['collection']): ModelItem | undefined {
  return workspace.definitions(id).find((definition) => definition.item?.collection === collection)?.item;
}

/** The ids a list field names; a single value written where a list belongs counts as a list of one. */
function listIds(item: ModelItem, key: string): string[] {
  const values = item.fields[key]?.list ? fieldList(item, key).map((value) => value.text) : [fieldText(item, key)];
  return values.map((value) => value.trim()).filter(Boolean);
}

function title(item: ModelItem | undefined): string {
  return item ? fieldText(item, 'title').trim() : '';
}
