// The FDA premarket cybersecurity addendum to an SBOM (CLI `sbom-support`, editor "Write SBOM
// Support Addendum"): for every component, its level of support and end-of-support date as the SBOM
// or its support sidecar states them, and the sidecar plan: an undecided entry for each component
// that has neither support data nor an entry yet, so the open question is written down where a
// person answers it. Nothing here invents a level or a date: an entry without them stays a
// `component-support-missing` finding, and the addendum says "not stated".
//
// The sidecar is merged as the tailoring record is (tailoring.ts): only inserted text, at the end of
// its `components:` mapping (located with the yaml Document API), so hand-written entries, comments,
// quoting and spacing stay byte for byte; a second run finds every component answered or asked and
// adds nothing.
import { isMap, isScalar, type Node, type Pair, type YAMLMap } from 'yaml';
import { purlKey } from '../evidence/purl';
import { componentLabel, supportEntriesByPurl, supportOf } from '../evidence/support';
import { supportSidecarReader } from '../evidence/supportSidecar';
import { isoDate } from '../ids';
import { fieldText, type ModelDocument, type ModelItem } from '../model';
import { LineIndex } from '../text';
import type { TextEdit } from '../types';
import type { WorkspaceIndex } from '../workspace';
import { parseYaml } from '../yamlParse';
import { csvTable, markdownTable } from './tables';
import { applyTextEdits } from './tailoring';

/** What the addendum says of a component with no support data: no default is ever written for it. */
export const NOT_STATED = 'not stated';

export interface SupportRow {
  /** The SBOM that lists the component, as the host names it (a relative path). */
  sbom: string;
  component: string;
  version: string;
  supplier: string;
  purl: string;
  supportLevel: string;
  endOfSupport: string;
  /** Where the level and date are stated (the SBOM, the sidecar, or both), or '' when nowhere. */
  statedIn: string;
}

const COLUMNS: [keyof SupportRow, string][] = [
  ['sbom', 'SBOM'],
  ['component', 'Component'],
  ['version', 'Version'],
  ['supplier', 'Supplier'],
  ['purl', 'Package URL'],
  ['supportLevel', 'Level of support'],
  ['endOfSupport', 'End-of-support date'],
  ['statedIn', 'Stated in'],
];

/** One row per component of every SBOM, in SBOM and component order. `nameOf` names a file (a relative path). */
export function sbomSupportRows(workspace: WorkspaceIndex, nameOf: (uri: string) => string): SupportRow[] {
  const entries = supportEntriesByPurl(workspace.items('component-support'));
  const rows: SupportRow[] = [];
  for (const sbom of workspace.documentsOfKind('sbom')) {
    for (const component of sbom.collections.components?.items ?? []) {
      const support = supportOf(component, entries);
      const sources = [...new Set([support.level?.from.uri, support.endOfSupport?.from.uri].filter((uri): uri is string => !!uri))];
      rows.push({
        sbom: nameOf(sbom.uri),
        component: fieldText(component, 'name') || component.id?.text || '',
        version: fieldText(component, 'version'),
        supplier: fieldText(component, 'supplier'),
        purl: fieldText(component, 'purl'),
        supportLevel: support.level?.text ?? NOT_STATED,
        endOfSupport: support.endOfSupport?.text ?? NOT_STATED,
        statedIn: sources.map(nameOf).join(', '),
      });
    }
  }
  return rows;
}

export function sbomSupportCsv(rows: SupportRow[]): string {
  return csvTable(COLUMNS.map(([, header]) => header), rows.map((row) => COLUMNS.map(([key]) => row[key])));
}

export function sbomSupportMarkdown(rows: SupportRow[]): string {
  const open = rows.filter((row) => row.supportLevel === NOT_STATED || row.endOfSupport === NOT_STATED).length;
  const head = [
    '# Software level of support and end-of-support dates',
    '',
    'For each component of the SBOM: the level of support its supplier provides and the date that support ends, as the SBOM or its support sidecar states them.' +
      (open ? ` ${open} of ${rows.length} component${rows.length === 1 ? '' : 's'} ${open === 1 ? 'is' : 'are'} not fully stated yet ("${NOT_STATED}").` : ''),
    '',
    '',
  ].join('\n');
  return head + (rows.length ? markdownTable(COLUMNS.map(([, header]) => header), rows.map((row) => COLUMNS.map(([key]) => row[key]))) : 'No SBOM components found.\n');
}

// ---- the sidecar plan ----------------------------------------------------------------------------

export interface SidecarPlan {
  /** The SBOM the sidecar belongs to. */
  sbomUri: string;
  /** The sidecar: the existing one, or where a new one goes (`<sbom>.support.yaml`). */
  uri: string;
  /** True when there is no sidecar yet and `text` is the whole new file. */
  create: boolean;
  text?: string;
  /** Insertions into the existing sidecar. */
  edits?: TextEdit[];
  /** The purls that get an undecided entry. */
  added: string[];
  /** Components with no purl: a sidecar entry could not name them (they are listed, not guessed). */
  withoutPurl: string[];
  /** Why nothing can be written safely (the sidecar does not parse…); added is then []. */
  problem?: string;
}

export interface SidecarOptions {
  /** YYYY-MM-DD; when given, the comment above the added entries carries it. */
  today?: string;
}

/** The sidecar of an SBOM: `bom.json` → `bom.support.yaml`, `app.cdx.xml` → `app.cdx.support.yaml`. */
export function sidecarUriOf(sbomUri: string): string {
  return sbomUri.replace(/\.(json|xml)$/i, '') + '.support.yaml';
}

/**
 * One plan per SBOM that has a component to ask about, or whose sidecar exists: an undecided
 * entry per component with a purl that has no support level or no end-of-support date and no
 * sidecar entry anywhere in the project (an entry already there, even an undecided one, is the
 * question already asked). A purl listed by two SBOMs is asked once, in the first one's sidecar.
 */
export function planSupportSidecars(workspace: WorkspaceIndex, options: SidecarOptions = {}): SidecarPlan[] {
  const entries = supportEntriesByPurl(workspace.items('component-support'));
  const asked = new Set<string>();
  const plans: SidecarPlan[] = [];
  const date = options.today && isoDate(options.today);
  for (const sbom of workspace.documentsOfKind('sbom')) {
    const wanted: ModelItem[] = [];
    const withoutPurl: string[] = [];
    for (const component of sbom.collections.components?.items ?? []) {
      const support = supportOf(component, entries);
      if (support.level && support.endOfSupport) continue;
      const purl = fieldText(component, 'purl');
      const key = purl && (purlKey(purl) ?? purl);
      if (!key) {
        withoutPurl.push(componentLabel(component));
        continue;
      }
      if (entries.has(key) || asked.has(key)) continue;
      asked.add(key);
      wanted.push(component);
    }
    const uri = sidecarUriOf(sbom.uri);
    const existing = workspace.documentsOfKind('component-support').find((document) => sameSidecar(document.uri, uri));
    if (!wanted.length) {
      if (withoutPurl.length) plans.push({ sbomUri: sbom.uri, uri: existing?.uri ?? uri, create: false, edits: [], added: [], withoutPurl });
      continue;
    }
    const added = wanted.map((component) => fieldText(component, 'purl'));
    if (!existing) {
      if (workspace.has(uri)) {
        plans.push({ sbomUri: sbom.uri, uri, create: false, added: [], withoutPurl, problem: `${fileName(uri)} exists but is not read as a support sidecar; move it away.` });
        continue;
      }
      const text = newSidecarText(sbom, wanted, date);
      plans.push({ sbomUri: sbom.uri, uri, create: true, text, added, withoutPurl });
      continue;
    }
    const result = sidecarEdits(existing, wanted, date);
    if (typeof result === 'string') {
      plans.push({ sbomUri: sbom.uri, uri: existing.uri, create: false, added: [], withoutPurl, problem: result });
      continue;
    }
    const problem = checkResult(existing, result, added);
    plans.push(problem ? { sbomUri: sbom.uri, uri: existing.uri, create: false, added: [], withoutPurl, problem } : { sbomUri: sbom.uri, uri: existing.uri, create: false, edits: result, added, withoutPurl });
  }
  return plans;
}

/** `bom.support.yaml` and `bom.support.yml` are the same sidecar. */
function sameSidecar(uri: string, wanted: string): boolean {
  return uri === wanted || uri === wanted.replace(/\.yaml$/, '.yml');
}

function newSidecarText(sbom: ModelDocument, components: ModelItem[], date: string | false | undefined): string {
  return [
    `# Support data for the components of ${fileName(sbom.uri)} that the SBOM itself does not state (FDA premarket`,
    "# cybersecurity guidance: each component's level of support and end-of-support date), keyed by purl.",
    'components:',
    ...entryLines(components, '  ', date),
    '',
  ].join('\n');
}

/** The block of undecided entries: a comment saying what to do, then per component its label and empty fields. */
function entryLines(components: ModelItem[], indent: string, date: string | false | undefined): string[] {
  const lines = [`${indent}# Added by Clause Guide${date ? ` on ${date}` : ''}: undecided: ask each supplier, then fill in support_level and end_of_support (an empty entry stays a finding).`];
  for (const component of components) {
    const supplier = fieldText(component, 'supplier');
    lines.push(
      `${indent}# ${oneLine(componentLabel(component))}${supplier ? ` (${oneLine(supplier)})` : ' (no supplier named)'}`,
      // A JSON string is a YAML double-quoted scalar: any purl (`:`, `#`, `%`, quotes) stays one key.
      `${indent}${JSON.stringify(fieldText(component, 'purl'))}:`,
      `${indent}  support_level:`,
      `${indent}  end_of_support:`,
    );
  }
  return lines;
}

/** The insertions that add the entries to an existing sidecar; a string says why none can. */
function sidecarEdits(sidecar: ModelDocument, components: ModelItem[], date: string | false | undefined): TextEdit[] | string {
  const text = sidecar.parsed.source.text;
  const lines = new LineIndex(text);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const name = fileName(sidecar.uri);
  const parsed = parseYaml(text, 'failsafe').document;
  if (!parsed || parsed.errors.length) return `${name} does not parse as YAML; fix it, then run again.`;
  const at = (offset: number, newText: string): TextEdit => ({ range: lines.range(offset, offset), newText });
  const block = (indent: string) => entryLines(components, indent, date).join(eol);
  const root = parsed.contents as Node | null;
  const rootEmpty = root === null || (isScalar(root) && (root.value === null || root.value === ''));
  const pair = isMap(root) ? (root as YAMLMap).items.find((item: Pair) => isScalar(item.key) && String(item.key.value) === 'components') : undefined;
  if (rootEmpty || (isMap(root) && !pair && !(root as YAMLMap).flow)) {
    // No `components:` yet: it goes at the end, after whatever (comments) is there.
    const lead = text.length && !text.endsWith('\n') ? eol : '';
    return [at(text.length, `${lead}components:${eol}${block('  ')}${eol}`)];
  }
  if (!pair) return `${name} is not a YAML mapping with \`components:\`; add the entries by hand.`;
  const key = pair.key as Node;
  const keyLine = lines.positionAt(key.range![0]).line;
  const keyIndent = /^[ \t]*/.exec(lines.lineText(keyLine))![0];
  const value = pair.value as Node | null;
  const empty = !value || !value.range || value.range[0] === value.range[1] || (isScalar(value) && (value.value === null || value.value === ''));
  if (empty || (isMap(value) && value.flow && value.items.length === 0)) {
    const edits: TextEdit[] = [];
    let end = lines.lineEnd(keyLine);
    if (value?.range && value.range[0] !== value.range[1]) {
      // `components: {}`: the token says "none yet"; it gives way to the block.
      let from = value.range[0];
      while (from > 0 && (text[from - 1] === ' ' || text[from - 1] === '\t')) from--;
      edits.push({ range: lines.range(from, value.range[1]), newText: '' });
      end = lines.lineEnd(lines.positionAt(value.range[1] - 1).line);
    }
    edits.push(at(end, eol + block(keyIndent + '  ')));
    return edits;
  }
  if (!isMap(value) || value.flow) return `\`components\` in ${name} is not a block mapping (purl: fields); add the entries by hand.`;
  const entries = value.items as Pair[];
  const first = entries[0]?.key as Node | undefined;
  const entryIndent = first?.range ? /^[ \t]*/.exec(lines.lineText(lines.positionAt(first.range[0]).line))![0] : keyIndent + '  ';
  const last = entries[entries.length - 1];
  const lastEnd = Math.max((last.value as Node | null)?.range?.[1] ?? 0, (last.key as Node).range![1]);
  // Comment lines indented under the last entry belong to it: the new entries go after them.
  let line = lines.positionAt(Math.max(0, lastEnd - 1)).line;
  const under = new RegExp(`^${entryIndent}[ \\t]+#`);
  while (line + 1 < lines.lineCount && under.test(lines.lineText(line + 1))) line++;
  return [at(lines.lineEnd(line), eol + block(entryIndent))];
}

/** Reads the sidecar as it would be: it must still read, keep every entry it had and hold one for each added purl. */
function checkResult(sidecar: ModelDocument, edits: TextEdit[], added: string[]): string | undefined {
  const name = fileName(sidecar.uri);
  const text = applyTextEdits(sidecar.parsed.source.text, edits);
  const read = supportSidecarReader.read({ name, text });
  const purls = new Set(read.items.map((item) => String(item.fields.purl)));
  const before = (sidecar.collections['component-support']?.items ?? []).map((item) => fieldText(item, 'purl'));
  if (read.problems.length || [...before, ...added].some((purl) => !purls.has(purl))) {
    return `Clause Guide found no safe place to add entries to ${name}; add entries for ${added.join(', ')} by hand.`;
  }
  return undefined;
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}

function fileName(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}
