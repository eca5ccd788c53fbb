// What changed in the security file between two versions of it (two releases, two commits): items
// added, removed and changed field by field, clause coverage and tailoring that changed, findings
// that appeared or were closed. A pure function over two analysed snapshots; the host reads the
// versions (the CLI through git) and analyses each, and `formatReleaseDiff` writes it as text,
// Markdown or JSON. A report can embed the same structure as a section.
import type { CoverageStatus } from '../coverage';
import type { ClauseCoverage } from '../coverage';
import type { FieldValue, ModelItem } from '../model';
import type { CollectionName } from '../schema';
import type { Finding } from '../types';
import type { WorkspaceIndex } from '../workspace';

/** One project (one `.clause-guide.yaml`) of a version, analysed. */
export interface SnapshotProject {
  /** The project's folder relative to the repository ('.' for the root): projects are matched by it. */
  name: string;
  index: WorkspaceIndex;
  /** The project's findings as the analyzer reports them (configured, unsuppressed). */
  findings: Finding[];
  coverage: ClauseCoverage[];
  /** A document's path as the diff shows it (relative to the repository, with '/'). */
  pathOf(uri: string): string;
}

export interface Snapshot {
  /** What the version is called: a tag, a commit, 'working tree'. */
  label: string;
  projects: SnapshotProject[];
}

/** An item of the security file, by what names it: its id, else its name or clause. */
export interface DiffItem {
  project: string;
  /** The collection, or 'document' for a document's own top-level fields. */
  collection: CollectionName | 'document';
  key: string;
  /** Where it is in the version that has it (the later one for a changed item). */
  file: string;
  line: number;
}

export interface FieldChange {
  field: string;
  /** Absent: the field was added (before) or removed (after). */
  before?: string;
  after?: string;
}

export interface DiffFinding {
  project: string;
  file: string;
  line: number;
  rule: string;
  clause: string | null;
  severity: Finding['severity'];
  message: string;
}

export interface ReleaseDiff {
  before: string;
  after: string;
  added: DiffItem[];
  removed: DiffItem[];
  changed: (DiffItem & { fields: FieldChange[] })[];
  /** Clauses whose coverage status changed; a clause applicable in one version only has no status in the other. */
  coverage: { project: string; clause: string; title: string; before?: CoverageStatus; after?: CoverageStatus }[];
  /** Changes to tailoring entries (also among added/removed/changed): the decisions an auditor reads first. */
  tailoring: { project: string; key: string; change: 'added' | 'removed' | 'changed'; fields: FieldChange[] }[];
  appeared: DiffFinding[];
  closed: DiffFinding[];
}

/** The items of a version by key, with their fields as comparable text. */
interface Entry {
  item: DiffItem;
  fields: Map<string, string>;
}

/** Compares two analysed versions of the security file. */
export function diffSnapshots(before: Snapshot, after: Snapshot): ReleaseDiff {
  const was = entriesOf(before);
  const now = entriesOf(after);
  const diff: ReleaseDiff = { before: before.label, after: after.label, added: [], removed: [], changed: [], coverage: [], tailoring: [], appeared: [], closed: [] };
  for (const [key, entry] of now) {
    const old = was.get(key);
    if (!old) {
      diff.added.push(entry.item);
      continue;
    }
    const fields = fieldChanges(old.fields, entry.fields);
    if (fields.length) diff.changed.push({ ...entry.item, fields });
  }
  for (const [key, entry] of was) if (!now.has(key)) diff.removed.push(entry.item);

  const tailoring = (items: DiffItem[], change: 'added' | 'removed' | 'changed', fieldsOf: (item: DiffItem) => FieldChange[]) => {
    for (const item of items) if (item.collection === 'entries') diff.tailoring.push({ project: item.project, key: item.key, change, fields: fieldsOf(item) });
  };
  tailoring(diff.added, 'added', (item) => fieldChanges(new Map(), now.get(entryKey(item))!.fields));
  tailoring(diff.removed, 'removed', (item) => fieldChanges(was.get(entryKey(item))!.fields, new Map()));
  tailoring(diff.changed, 'changed', (item) => (item as ReleaseDiff['changed'][number]).fields);

  diff.coverage = coverageChanges(before, after);
  const oldFindings = findingsOf(before);
  const newFindings = findingsOf(after);
  diff.appeared = without(newFindings, oldFindings);
  diff.closed = without(oldFindings, newFindings);
  for (const list of [diff.added, diff.removed, diff.changed]) list.sort(byPlace);
  return diff;
}

function entryKey(item: Pick<DiffItem, 'project' | 'collection' | 'key'>): string {
  return `${item.project}\0${item.collection}\0${item.key}`;
}

function entriesOf(snapshot: Snapshot): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  for (const project of snapshot.projects) {
    for (const document of project.index.documents()) {
      const file = project.pathOf(document.uri);
      const text = project.index.parsed(document.uri)?.source.text ?? '';
      const add = (collection: DiffItem['collection'], key: string, line: number, fields: Map<string, string>) => {
        const item: DiffItem = { project: project.name, collection, key, file, line };
        // An id defined twice (a duplicate-id finding): the later one is listed under its file and line.
        let unique = entryKey(item);
        for (let n = 2; entries.has(unique); n++) unique = entryKey({ ...item, key: `${key} (${n})` });
        entries.set(unique, { item: unique === entryKey(item) ? item : { ...item, key: unique.split('\0')[2] }, fields });
      };
      const ownFields = valuesOf(document.fields, text);
      if (ownFields.size) add('document', file, document.kindRange.start.line + 1, ownFields);
      const unnamed = new Map<string, number>();
      for (const item of document.items) {
        const name = itemName(item);
        // An item with nothing that names it is known by its place among the unnamed of its file.
        const key = name ?? `${file} #${(unnamed.set(item.collection, (unnamed.get(item.collection) ?? 0) + 1), unnamed.get(item.collection))}`;
        add(item.collection, key, item.anchor.start.line + 1, valuesOf(item.fields, text));
      }
    }
  }
  return entries;
}

/** What names an item: its id; an approver or phase by its name; a tailoring entry or activity by its clause. */
function itemName(item: ModelItem): string | undefined {
  const id = item.id?.text.trim();
  if (id) return id;
  for (const key of ['name', 'clause']) {
    const value = item.fields[key]?.scalar?.text.trim();
    if (value) return `${key}: ${value}`;
  }
  return undefined;
}

/**
 * A field's value as text that compares as a reader would: a scalar as written (quotes gone), a
 * list as its values joined with ', ', anything else (a mapping, a list of mappings) as its source
 * with each line trimmed, so re-indenting is no change.
 */
function valuesOf(fields: Record<string, FieldValue>, text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const key of Object.keys(fields)) {
    const field = fields[key];
    if (field.fromHeading) continue; // the Markdown heading's phase, not the item's own field
    const value = field.list
      ? field.list.map((scalar) => scalar.text).join(', ')
      : field.scalar
        ? field.scalar.text
        : text
            .slice(field.range.startOffset, field.range.endOffset)
            .split(/\r?\n|\r/)
            .map((line) => line.trim())
            .filter(Boolean)
            .join('\n');
    values.set(key, value);
  }
  return values;
}

function fieldChanges(before: Map<string, string>, after: Map<string, string>): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const [field, value] of after) {
    if (!before.has(field)) changes.push({ field, after: value });
    else if (before.get(field) !== value) changes.push({ field, before: before.get(field), after: value });
  }
  for (const [field, value] of before) if (!after.has(field)) changes.push({ field, before: value });
  return changes;
}

function coverageChanges(before: Snapshot, after: Snapshot): ReleaseDiff['coverage'] {
  const statuses = (snapshot: Snapshot) => {
    const map = new Map<string, { project: string; clause: string; title: string; status: CoverageStatus }>();
    for (const project of snapshot.projects) {
      for (const entry of project.coverage) map.set(`${project.name}\0${entry.clause.id}`, { project: project.name, clause: entry.clause.id, title: entry.clause.title, status: entry.status });
    }
    return map;
  };
  const was = statuses(before);
  const now = statuses(after);
  const changes: ReleaseDiff['coverage'] = [];
  for (const [key, entry] of now) {
    const old = was.get(key);
    if (old?.status !== entry.status) changes.push({ project: entry.project, clause: entry.clause, title: entry.title, before: old?.status, after: entry.status });
  }
  for (const [key, entry] of was) if (!now.has(key)) changes.push({ project: entry.project, clause: entry.clause, title: entry.title, before: entry.status });
  return changes;
}

function findingsOf(snapshot: Snapshot): DiffFinding[] {
  return snapshot.projects.flatMap((project) =>
    project.findings.map((finding) => ({
      project: project.name,
      file: project.pathOf(finding.uri),
      line: finding.range.start.line + 1,
      rule: finding.rule,
      clause: finding.clause,
      severity: finding.severity,
      message: finding.message,
    })),
  );
}

/**
 * The findings of `these` that `those` lack, as a multiset: a finding is the same when its
 * project, rule, file and message are (the message names the ids), wherever its line moved.
 */
function without(these: DiffFinding[], those: DiffFinding[]): DiffFinding[] {
  const key = (finding: DiffFinding) => `${finding.project}\0${finding.rule}\0${finding.file}\0${finding.message}`;
  const counts = new Map<string, number>();
  for (const finding of those) counts.set(key(finding), (counts.get(key(finding)) ?? 0) + 1);
  const left: DiffFinding[] = [];
  for (const finding of these) {
    const count = counts.get(key(finding)) ?? 0;
    if (count > 0) counts.set(key(finding), count - 1);
    else left.push(finding);
  }
  return left.sort(byPlace);
}

function byPlace(a: { file: string; line: number }, b: { file: string; line: number }): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line;
}

export const COVERAGE_NONE = 'not applicable';

/** The diff as text (one line per change), Markdown (sections and tables) or JSON. */
export function formatReleaseDiff(diff: ReleaseDiff, format: 'text' | 'md' | 'json'): string {
  if (format === 'json') return JSON.stringify(diff, null, 2);
  const md = format === 'md';
  const cell = (text: string | undefined) => (text === undefined ? '—' : md ? text.replace(/\r?\n|\r/g, ' ').replace(/\|/g, '\\|') : text.replace(/\r?\n|\r/g, ' ⏎ '));
  const where = (item: { file: string; line: number }) => `${item.file}:${item.line}`;
  const name = (item: DiffItem) => (item.collection === 'document' ? `document ${item.key}` : `${item.collection} ${item.key}`);
  const out: string[] = [md ? `# Changes to the security file: ${diff.before} → ${diff.after}` : `Changes to the security file: ${diff.before} → ${diff.after}`];
  const counts = `${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed item(s); ${diff.coverage.length} clause(s) changed coverage; ${diff.appeared.length} finding(s) appeared, ${diff.closed.length} closed.`;
  out.push(md ? `\n${counts}` : counts);
  const section = (title: string, lines: string[], header?: string) => {
    if (!lines.length) return;
    if (md) out.push('', `## ${title}`, '', ...(header ? [header] : []), ...lines);
    else out.push('', `${title}:`, ...lines);
  };
  section('Added', diff.added.map((item) => (md ? `- ${cell(name(item))} (${cell(where(item))})` : `  + ${name(item)} (${where(item)})`)));
  section('Removed', diff.removed.map((item) => (md ? `- ${cell(name(item))} (was ${cell(where(item))})` : `  - ${name(item)} (was ${where(item)})`)));
  section(
    'Changed',
    diff.changed.flatMap((item) =>
      md
        ? item.fields.map((f) => `| ${cell(name(item))} | ${cell(f.field)} | ${cell(f.before)} | ${cell(f.after)} |`)
        : [`  ~ ${name(item)} (${where(item)})`, ...item.fields.map((f) => `      ${f.field}: ${cell(f.before)} → ${cell(f.after)}`)],
    ),
    '| Item | Field | Before | After |\n|---|---|---|---|',
  );
  section(
    'Coverage',
    diff.coverage.map((c) => (md ? `| §${c.clause} | ${cell(c.title)} | ${c.before ?? COVERAGE_NONE} | ${c.after ?? COVERAGE_NONE} |` : `  §${c.clause} ${c.title}: ${c.before ?? COVERAGE_NONE} → ${c.after ?? COVERAGE_NONE}`)),
    '| Clause | Title | Before | After |\n|---|---|---|---|',
  );
  section(
    'Tailoring',
    diff.tailoring.map((t) => {
      const fields = t.fields.map((f) => `${f.field}: ${cell(f.before)} → ${cell(f.after)}`).join('; ');
      return md ? `- ${t.change}: ${cell(t.key)} (${cell(fields)})` : `  ${t.change} ${t.key}: ${fields}`;
    }),
  );
  const finding = (f: DiffFinding) => (md ? `- ${f.severity} \`${f.rule}\` ${cell(where(f))}: ${cell(f.message)}` : `  ${where(f)}: ${f.severity} ${f.rule}: ${f.message}`);
  section('Findings that appeared', diff.appeared.map(finding));
  section('Findings closed', diff.closed.map(finding));
  return out.join('\n');
}
