// Navigation over item ids (SPEC §6): what id is under the cursor, where it is defined and used,
// renaming it across files, hover on it, and the outline of a security document. Pure functions
// over the workspace index; the LSP server converts the plain results.
import type { ParsedDocument } from './document';
import type { ModelDocument, ModelItem } from './model';
import type { CollectionName } from './schema';
import { codeSpan, linkTarget, plainText } from './markdown';
import { containsPosition } from './text';
import { testResultsOf, verificationHover } from './evidence/verification';
import { componentHoverLines, purlHover, purlInLine, purlRange } from './evidence/componentHover';
import type { Position, Range, TextEdit } from './types';
import type { Definition, WorkspaceIndex } from './workspace';

export { valueCompletionListAt, valueCompletionsAt, type ValueCompletion } from './idCompletion';

export interface Location {
  uri: string;
  range: Range;
}

export interface IdAtCursor {
  id: string;
  range: Range;
  kind: 'definition' | 'reference';
}

/** The id under the cursor: an item's (or document's) `id` value, or a reference to one. */
export function idAt(workspace: WorkspaceIndex, uri: string, position: Position): IdAtCursor | undefined {
  const model = workspace.model(uri);
  if (!model) return undefined;
  const documentId = model.fields.id?.scalar;
  if (documentId?.text && containsPosition(documentId.range, position)) return { id: documentId.text, range: documentId.range, kind: 'definition' };
  for (const item of model.items) {
    if (item.id && containsPosition(item.id.range, position)) return { id: item.id.text, range: item.id.range, kind: 'definition' };
  }
  const reference = model.references.find((use) => containsPosition(use.range, position));
  return reference && { id: reference.id, range: reference.range, kind: 'reference' };
}

export function definitionAt(workspace: WorkspaceIndex, uri: string, position: Position): Location[] {
  const target = idAt(workspace, uri, position);
  return target ? workspace.definitions(target.id).map(toLocation) : [];
}

export function referencesAt(workspace: WorkspaceIndex, uri: string, position: Position, includeDeclaration: boolean): Location[] {
  const target = idAt(workspace, uri, position);
  return target ? usesOf(workspace, target.id, includeDeclaration) : [];
}

function usesOf(workspace: WorkspaceIndex, id: string, includeDeclaration: boolean): Location[] {
  const references = workspace.references(id).map((use) => ({ uri: use.item.uri, range: use.range }));
  return includeDeclaration ? [...workspace.definitions(id).map(toLocation), ...references] : references;
}

function toLocation(definition: Definition): Location {
  return { uri: definition.uri, range: definition.range };
}

// ---- rename ------------------------------------------------------------------------------------

const VALID_ID = /^[A-Za-z][A-Za-z0-9._-]*$/;
// Plain scalars YAML would read as a boolean or null rather than as text.
const YAML_RESERVED = /^(true|false|null|yes|no|on|off|y|n)$/i;

export function prepareRenameAt(workspace: WorkspaceIndex, uri: string, position: Position): { range: Range; placeholder: string } | { error: string } {
  const target = idAt(workspace, uri, position);
  if (!target) return { error: 'Place the cursor on an item id or on a reference to one to rename it.' };
  return { range: target.range, placeholder: target.id };
}

export function renameAt(workspace: WorkspaceIndex, uri: string, position: Position, newName: string): { edits: Record<string, TextEdit[]> } | { error: string } {
  const target = idAt(workspace, uri, position);
  if (!target) return { error: 'Place the cursor on an item id or on a reference to one to rename it.' };
  const name = newName.trim();
  if (name === target.id) return { edits: {} };
  if (!VALID_ID.test(name)) {
    return { error: `\`${name}\` is not a valid id: it must start with a letter and hold only letters, digits, \`-\`, \`_\` and \`.\`.` };
  }
  if (YAML_RESERVED.test(name)) return { error: `\`${name}\` is not a usable id: YAML reads it as a boolean or null, not as text.` };
  const existing = workspace.definitions(name)[0];
  if (existing) {
    return { error: `\`${name}\` is already defined in ${relativeName(workspace, existing.uri)} line ${existing.range.start.line + 1}; ids must be unique across the workspace.` };
  }
  const edits: Record<string, TextEdit[]> = {};
  for (const location of usesOf(workspace, target.id, true)) {
    // The model's ranges cover the id as written (inside quotes). An id written with escapes
    // (`"TH\x2D1"`) would not match its range: refuse rather than edit the wrong text.
    const parsed = workspace.parsed(location.uri);
    if (parsed && textOf(parsed, location.range) !== target.id) {
      return { error: `Cannot rename: \`${target.id}\` is written differently (escaped or folded) in ${relativeName(workspace, location.uri)} line ${location.range.start.line + 1}.` };
    }
    (edits[location.uri] ??= []).push({ range: location.range, newText: name });
  }
  return { edits };
}

function textOf(parsed: ParsedDocument, range: Range): string {
  return parsed.source.text.slice(parsed.lines.offsetAt(range.start), parsed.lines.offsetAt(range.end));
}

// ---- hover -------------------------------------------------------------------------------------

/** Hover on a requirement's verification id: the test results that name it, with file and time. */
function verificationHoverAt(workspace: WorkspaceIndex, uri: string, position: Position): string | null {
  const model = workspace.model(uri);
  for (const requirement of model?.collections.requirements?.items ?? []) {
    const value = requirement.fields.verification?.list?.find((entry) => containsPosition(entry.range, position));
    if (value) return verificationHover(value.text, testResultsOf(workspace.items('test-cases')), (file) => relativeName(workspace, file));
  }
  return null;
}

const COLLECTION_LABELS: Record<CollectionName, string> = {
  requirements: 'Security requirement',
  threats: 'Threat',
  zones: 'Zone',
  boundaries: 'Trust boundary',
  controls: 'Control',
  approvers: 'Approver',
  entries: 'Tailoring entry',
  findings: 'Release finding',
  activities: 'Release activity',
  phases: 'Lifecycle phase',
  'plan-activities': 'Lifecycle activity',
  components: 'Component',
  'test-cases': 'Test result',
  'model-boundaries': 'Trust boundary (Threat Dragon)',
  'component-support': 'Component support entry',
  vulnerabilities: 'Reported vulnerability',
  'vex-statements': 'VEX statement',
  // kinds-org
  tests: 'Security test',
  test_independence: 'Tester independence by test type',
  responsibilities: 'Security responsibility',
  people: 'Person (competence register)',
  suppliers: 'Supplier',
  reviews: 'Periodic review',
  dev_controls: 'Development control',
  accompanying_documents: 'Accompanying document',
  update_targets: 'Security update delivery target',
  monitoring_sources: 'Monitoring source',
  software_items: 'Software item',
  configuration_items: 'Configuration item',
  baselines: 'Baseline',
  criteria: 'Risk acceptance criterion',
  acceptances: 'Residual-risk acceptance',
  monitoring: 'Control monitoring',
  channels: 'Vulnerability intake channel',
  reports: 'Problem report',
  threat_assessments: 'Threat assessment',
  gaps: 'Gap of transitional software',
  communications: 'Communication to operators',
};

// The fields worth seeing at a glance, per collection (the title-like field is shown apart).
const KEY_FIELDS: Partial<Record<CollectionName, string[]>> = {
  requirements: ['phase', 'threats', 'verification'],
  components: ['version', 'supplier', 'purl', 'support_level', 'end_of_support'],
  threats: ['risk', 'residual_risk', 'safety_impact', 'hazard', 'category', 'status', 'severity', 'element', 'mitigation'],
  boundaries: ['between', 'controls'],
  controls: ['layer', 'mitigates'],
  entries: ['clause', 'decision', 'approved_by'],
  findings: ['source', 'status', 'issue'],
  activities: ['clause', 'status', 'record'],
  'plan-activities': ['clauses'],
  // kinds-org
  tests: ['type', 'verifies', 'threats', 'tester', 'independence', 'date', 'record'],
  test_independence: ['type', 'minimum'],
  responsibilities: ['role', 'person', 'clauses'],
  people: ['role', 'security_expertise', 'reviewed'],
  suppliers: ['supplies', 'monitoring', 'reviewed'],
  reviews: ['clause', 'date', 'next', 'record'],
  dev_controls: ['area', 'scope', 'enforcement', 'record'],
  accompanying_documents: ['version', 'reviewed', 'clauses', 'record'],
  update_targets: ['severity', 'days'],
  monitoring_sources: ['url', 'frequency', 'responsible'],
  software_items: ['classification', 'owner'],
  configuration_items: ['location', 'version'],
  baselines: ['release', 'date', 'items', 'record'],
  criteria: ['risk', 'acceptance'],
  acceptances: ['threats', 'residual_risk', 'accepted_by', 'accepted_on'],
  monitoring: ['controls', 'interval', 'last_checked'],
  channels: ['address', 'audience'],
  reports: ['status', 'received', 'triaged', 'safety_impact', 'decision', 'fixed_in'],
  threat_assessments: ['threats', 'safety_impact', 'hazard', 'residual_risk'],
  gaps: ['clause', 'treatment', 'controls', 'residual_risk', 'due'],
  communications: ['audience', 'channel', 'date'],
};

/** Markdown describing the item an id names and where it is; null when the cursor is on no id. */
export function idHoverAt(workspace: WorkspaceIndex, uri: string, position: Position): string | null {
  const target = idAt(workspace, uri, position);
  if (!target) return verificationHoverAt(workspace, uri, position);
  const definitions = workspace.definitions(target.id);
  if (!definitions.length) return `${codeSpan(target.id)} is not defined in the workspace.`;
  const parts = definitions.map((definition) => describeDefinition(workspace, definition));
  if (definitions.length > 1) parts.push(`⚠️ ${codeSpan(target.id)} is defined ${definitions.length} times; ids must be unique across the workspace.`);
  const uses = workspace.references(target.id);
  if (uses.length) {
    const files = new Set(uses.map((use) => use.item.uri)).size;
    parts.push(`Referenced ${uses.length} time${uses.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}.`);
  }
  return parts.join('\n\n---\n\n');
}

function describeDefinition(workspace: WorkspaceIndex, definition: Definition): string {
  const item = definition.item;
  const where = `${relativeName(workspace, definition.uri)}:${definition.range.start.line + 1}`;
  const link = `[${plainText(where)}](${linkTarget(definition.uri)}#L${definition.range.start.line + 1})`;
  if (!item) {
    const title = definition.document.fields.title?.scalar?.text;
    return `**${plainText(definition.id)}**${title ? ` — ${plainText(title)}` : ''}\n\n${codeSpan(definition.document.kind)} document, in ${link}`;
  }
  if (item.collection === 'components') return componentHoverLines(workspace, item, placeLink(workspace)).join('\n\n');
  const title = itemTitle(item);
  const lines = [`**${plainText(definition.id)}**${title ? ` — ${plainText(shorten(title, 120))}` : ''}`];
  const facts: string[] = [];
  for (const key of KEY_FIELDS[item.collection] ?? []) {
    const value = fieldDisplay(item, key);
    if (value) facts.push(`${key}: ${value}`);
  }
  if (item.parent) facts.push(`phase: ${plainText(itemName(item.parent))}`);
  if (facts.length) lines.push(facts.join(' · '));
  lines.push(`${COLLECTION_LABELS[item.collection]} (\`${collectionKeyOf(item)}\`), in ${link}`);
  return lines.join('\n\n');
}

/** Links to a line of a workspace file, named relative to the workspace (`security/bom.json:12`). */
function placeLink(workspace: WorkspaceIndex): (uri: string, line: number) => string {
  return (uri, line) => `[${plainText(`${relativeName(workspace, uri)}:${line + 1}`)}](${linkTarget(uri)}#L${line + 1})`;
}

/**
 * Hover on a purl written anywhere that is no id (a scanner report's artifact, a VEX product, a
 * release finding's source): the component(s) it names, with support data and vulnerabilities.
 */
export function purlHoverAt(workspace: WorkspaceIndex, parsed: ParsedDocument, position: Position): { contents: string; range: Range } | null {
  if (position.line >= parsed.lines.lineCount) return null;
  const found = purlInLine(parsed.lines.lineText(position.line), position.character);
  if (!found) return null;
  const contents = purlHover(workspace, found.text, placeLink(workspace));
  return contents ? { contents, range: purlRange(position.line, found) } : null;
}

function fieldDisplay(item: ModelItem, key: string): string {
  const field = item.fields[key];
  if (!field) return '';
  if (field.list) return field.list.map((value) => codeSpan(value.text)).join(', ');
  const text = field.scalar?.text ?? '';
  return text ? codeSpan(shorten(text, 60)) + (field.fromHeading ? ' (from heading)' : '') : '';
}

function collectionKeyOf(item: ModelItem): string {
  return item.collection === 'plan-activities' ? 'activities' : item.collection;
}

/** The file's path relative to the directory all indexed files share (its base name when alone). */
function relativeName(workspace: WorkspaceIndex, uri: string): string {
  const directories = [uri, ...workspace.files().map((file) => file.source.uri)].map((each) => each.split('/').slice(0, -1));
  let common = directories[0].length;
  for (const directory of directories) {
    let length = 0;
    while (length < common && directory[length] === directories[0][length]) length++;
    common = length;
  }
  const relative = uri.split('/').slice(common).join('/');
  try {
    return decodeURIComponent(relative);
  } catch {
    return relative; // a malformed %-escape: show it as it is
  }
}

// ---- document symbols --------------------------------------------------------------------------

export interface DocumentSymbolEntry {
  name: string;
  detail?: string;
  kind: 'document' | 'collection' | 'item' | 'heading';
  range: Range;
  /** Inside `range`: the part an editor selects (the id, or the key). */
  selectionRange: Range;
  children: DocumentSymbolEntry[];
}

/** Outline of a security document: its collections, their items (lifecycle-plan phases hold their activities). */
export function documentSymbols(model: ModelDocument | null, parsed: ParsedDocument): DocumentSymbolEntry[] {
  if (!model || model.parsed.source.uri !== parsed.source.uri) return [];
  const entries: DocumentSymbolEntry[] = [];
  for (const collection of Object.values(model.collections)) {
    if (!collection) continue;
    // Plan activities nested under a phase appear as that phase's children; Markdown plans have
    // no phases, so their activity rows form a collection of their own.
    const items = collection.name === 'plan-activities' ? collection.items.filter((item) => !item.parent) : collection.items;
    if (collection.name === 'plan-activities' && !items.length) continue;
    const children = items.map((item) => itemSymbol(item, model));
    // A Markdown collection has no key: its extent runs from the first table header to the last row.
    const headerRanges = items.flatMap((item) => (item.form === 'markdown' && item.fields.id ? [item.fields.id.keyRange] : []));
    const ranges = [...(collection.keyRange ? [collection.keyRange] : []), ...headerRanges, ...children.map((child) => child.range)];
    if (!ranges.length) continue;
    const range = union(ranges);
    entries.push({
      name: collection.name === 'plan-activities' ? 'activities' : collection.name,
      detail: `${items.length} item${items.length === 1 ? '' : 's'}`,
      kind: 'collection',
      range,
      selectionRange: collection.keyRange ?? headerRanges[0] ?? range,
      children,
    });
  }
  return entries.sort((a, b) => compareRanges(a.range, b.range));
}

function itemSymbol(item: ModelItem, model: ModelDocument): DocumentSymbolEntry {
  const children = item.collection === 'phases' ? model.items.filter((child) => child.parent === item).map((child) => itemSymbol(child, model)) : [];
  const named = item.id ? undefined : item.fields.clause ?? item.fields.name ?? item.fields.title;
  const name = item.id?.text || named?.scalar?.text || `(${COLLECTION_LABELS[item.collection].toLowerCase()} without id)`;
  const selection = item.id?.range ?? (named?.scalar?.text ? named.scalar.range : item.anchor);
  const detail = itemTitle(item, name);
  const range = union([item.range, selection, ...children.map((child) => child.range)]);
  return { name, detail: detail ? shorten(detail, 60) : undefined, kind: 'item', range, selectionRange: selection, children };
}

/** The text that says what an item is: its title, text or name, else its decision/status/role. */
function itemTitle(item: ModelItem, name?: string): string {
  for (const key of ['title', 'text', 'name', 'role', 'decision', 'status', 'justification']) {
    const text = item.fields[key]?.scalar?.text;
    if (text && text !== name) return text;
  }
  return '';
}

function itemName(item: ModelItem): string {
  return item.id?.text || item.fields.name?.scalar?.text || item.fields.clause?.scalar?.text || '?';
}

function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : flat.slice(0, max - 1).trimEnd() + '…';
}

function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

function compareRanges(a: Range, b: Range): number {
  return comparePositions(a.start, b.start) || comparePositions(a.end, b.end);
}

function union(ranges: Range[]): Range {
  let { start, end } = ranges[0];
  for (const range of ranges) {
    if (comparePositions(range.start, start) < 0) start = range.start;
    if (comparePositions(range.end, end) > 0) end = range.end;
  }
  return { start, end };
}
