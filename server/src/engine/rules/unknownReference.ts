import { appendItemEdit, appendMarkdownSection } from '../edits';
import type { ModelDocument, ModelItem, ReferenceUse } from '../model';
import type { CollectionName } from '../schema';
import { showInvisible, withoutInvisible } from '../text';
import type { Fix, TextEdit } from '../types';
import { workspaceRule, type RuleFinding, type WorkspaceView } from './rule';

/** What the rule reads: every document's references, and any collection and kind for its fixes. */
type View = WorkspaceView<{ allDocuments: true; definitions: true }>;

/** How many "Change to …" fixes a reference gets at most. */
const SUGGESTIONS = 3;
const NOUN: Partial<Record<CollectionName, string>> = { threats: 'threat', zones: 'zone', controls: 'control' };
// Where a stub for each kind of target goes, and what it holds.
const STUB: Partial<Record<CollectionName, { kind: ModelDocument['kind']; fields: (id: string) => [string, string][] }>> = {
  threats: { kind: 'threat-model', fields: (id) => [['id', id], ['title', '"TODO: describe the threat"']] },
  zones: { kind: 'security-architecture', fields: (id) => [['id', id], ['name', '"TODO: name the zone"']] },
};

export const unknownReference = workspaceRule({
  name: 'unknown-reference',
  clause: null,
  defaultSeverity: 'error',
  scope: 'workspace',
  reads: { allDocuments: true, definitions: true },
  description: 'An item refers to an id (threat, zone, control) that is defined nowhere in the workspace.',
  check({ workspace }) {
    const findings: RuleFinding[] = [];
    for (const document of workspace.documents()) {
      const cached = documentCache.get(document);
      if (cached && stillValid(cached, document, workspace)) {
        for (const finding of cached.findings) findings.push(finding);
        continue;
      }
      const entry: CachedFindings = { generation: workspace.generation, findings: [], lookalikes: [] };
      for (const reference of document.references) {
        const finding = findingFor(workspace, reference);
        if (finding) entry.findings.push(finding);
        // The message names a look-alike id when one is defined: watch its definitions too.
        if (finding && withoutInvisible(reference.id) !== reference.id) entry.lookalikes.push(withoutInvisible(reference.id));
      }
      documentCache.set(document, entry);
      for (const finding of entry.findings) findings.push(finding);
    }
    return findings;
  },
});

/**
 * One document's findings, and the generation of the index they were computed at: they stay true
 * while the definitions of its referenced ids are the same. (The fixes read the index when called,
 * so the ids they suggest and where a stub goes need not be the same.) A keystroke elsewhere leaves
 * these alone, so the rule re-checks only the documents whose inputs changed instead of every
 * reference of the workspace.
 */
interface CachedFindings {
  generation: number;
  findings: RuleFinding[];
  /** Ids that the messages name as look-alikes of a referenced id (rare: ids holding invisible characters). */
  lookalikes: string[];
}

const documentCache = new WeakMap<ModelDocument, CachedFindings>();

function stillValid(cached: CachedFindings, document: ModelDocument, workspace: View): boolean {
  if (workspace.definitionsUnchangedSince(cached.generation)) return true;
  for (const reference of document.references) if (workspace.definitionsChangedSince(reference.id, cached.generation)) return false;
  for (const id of cached.lookalikes) if (workspace.definitionsChangedSince(id, cached.generation)) return false;
  return true;
}

/** The finding for a reference whose id names no item of its target collection; undefined when it does. */
function findingFor(workspace: View, reference: ReferenceUse): RuleFinding | undefined {
  const definitions = workspace.definitions(reference.id);
  const noun = NOUN[reference.target] ?? 'item';
  if (definitions.some((definition) => definition.item?.collection === reference.target)) return undefined;
  const wrongKind = definitions.find((definition) => definition.item);
  const shown = showInvisible(reference.id);
  const lookalike = shown !== reference.id ? withoutInvisible(reference.id) : undefined;
  const looksLike = lookalike && workspace.definitions(lookalike).some((definition) => definition.item?.collection === reference.target) ? ` (it looks like ${lookalike}, but holds invisible characters)` : '';
  return {
    uri: reference.item.uri,
    range: reference.range,
    message: wrongKind
      ? `${shown} is a ${NOUN[wrongKind.item!.collection] ?? wrongKind.item!.collection}, not a ${noun}: \`${reference.field}\` needs ${noun} ids.`
      : `${shown} is not defined anywhere in the workspace${looksLike}. Define the ${noun} or correct the id in \`${reference.field}\`.`,
    related: wrongKind ? [{ uri: wrongKind.uri, range: wrongKind.range, message: `${reference.id} is defined here` }] : undefined,
    fixes: () => fixesFor(workspace, reference),
  };
}

function fixesFor(workspace: View, reference: ReferenceUse): Fix[] {
  const fixes: Fix[] = [];
  // Ids already in the same list are not what the author meant.
  const alreadyListed = new Set((reference.item.fields[reference.field]?.list ?? []).map((value) => value.text));
  const candidates = nearestIdFinder(workspace)(reference.target, reference.id, SUGGESTIONS + alreadyListed.size).filter((id) => !alreadyListed.has(id));
  for (const id of candidates.slice(0, SUGGESTIONS)) {
    fixes.push({ title: `Change to ${id}`, edits: { [reference.item.uri]: [{ range: reference.range, newText: id }] }, isPreferred: fixes.length === 0 });
  }
  const stub = STUB[reference.target];
  const home = stub && stubHome(workspace, reference.target, stub);
  if (home) {
    const file = home.document.uri.slice(home.document.uri.lastIndexOf('/') + 1);
    fixes.push({ title: `Create ${NOUN[reference.target]} ${reference.id} in ${file}`, edits: { [home.document.uri]: [home.edit(reference.id)] }, isPreferred: fixes.length === 0 });
  }
  return fixes;
}

type Stub = NonNullable<(typeof STUB)[CollectionName]>;

/**
 * The document a stub goes into, and the edit that puts it there: a document of the stub's kind
 * that parses (a draft with a syntax error would be made worse, and its model may be partial),
 * preferring one that already holds the collection, then a YAML one (a new key), then a Markdown
 * one (a new section with a table). The first by path alone could be a note with no table, and the
 * fix was then dropped without a word.
 */
function stubHome(workspace: View, target: CollectionName, stub: Stub): { document: ModelDocument; edit: (id: string) => TextEdit } | undefined {
  const candidates = workspace.documentsOfKind(stub.kind).filter((document) => document.parsed.syntaxProblems.length === 0);
  const rank = (document: ModelDocument) => (document.collections[target]?.append ? 0 : document.parsed.format === 'yaml' ? 1 : 2);
  for (const document of [...candidates].sort((a, b) => rank(a) - rank(b))) {
    if (rank(document) < 2) {
      const probe = appendItemEdit(document, target, stub.fields('ID'));
      if (probe) return { document, edit: (id) => appendItemEdit(document, target, stub.fields(id))! };
      continue;
    }
    const fields = stub.fields('ID');
    const heading = `## ${target[0].toUpperCase()}${target.slice(1)}`;
    const columns = fields.map(([key]) => key[0].toUpperCase() + key.slice(1));
    return { document, edit: (id) => appendMarkdownSection(document, heading, columns, stub.fields(id).map(([, value]) => value.replace(/^"|"$/g, ''))) };
  }
  return undefined;
}

/** The ids of `target` nearest `id`: at most `count` of them (see idsWithin). */
type NearestIdFinder = (target: CollectionName, id: string, count: number) => string[];

/**
 * The ids of a collection within a few edits of a mistyped id, nearest first (ties in document
 * order). Comparing each unknown id with every id of the workspace, one by one, grew with
 * (unknown ids × all ids) and was most of the time of a large check. So the ids are kept sorted:
 * neighbours share long prefixes, which share the rows of the edit-distance table, and every id
 * under a prefix already too far away is skipped at once (see idsWithin). The server re-runs this
 * rule on every keystroke and reuses the sorted ids and the answers while the ids are the same.
 */
interface NearestEntry {
  /** The list of items the ids were last read from. */
  items: ModelItem[];
  signature: string;
  ids: SortedIds;
  /** Answers so far, per mistyped id, with how many ids each was asked for. */
  nearest: Map<string, { count: number; ids: string[] }>;
}

const nearestCache = new WeakMap<View, Map<CollectionName, NearestEntry>>();

/** The finder (its entry for a collection is made again when the collection's ids changed). */
function nearestIdFinder(workspace: View): NearestIdFinder {
  let byTarget = nearestCache.get(workspace);
  if (!byTarget) nearestCache.set(workspace, (byTarget = new Map()));
  const checked = new Set<CollectionName>();
  const entryFor = (target: CollectionName): NearestEntry => {
    let entry = byTarget!.get(target);
    if (!checked.has(target)) {
      checked.add(target);
      // The index keeps the list while the collection's items are the same; a new list may still hold the same ids.
      const items = workspace.items(target);
      if (entry?.items !== items) {
        const ids = [...new Set(items.flatMap((item) => (item.id?.text ? [item.id.text] : [])))];
        const signature = ids.join('\n');
        if (entry?.signature === signature) entry.items = items;
        else byTarget!.set(target, (entry = { items, signature, ids: sortIds(ids), nearest: new Map() }));
      }
    }
    return entry!;
  };
  return (target: CollectionName, id: string, count: number) => {
    const entry = entryFor(target);
    let found = entry.nearest.get(id);
    if (!found || found.count < count) {
      found = { count, ids: idsWithin(entry.ids, id, Math.max(2, Math.floor(id.length / 3)), count) };
      entry.nearest.set(id, found);
    }
    return found.ids.slice(0, count);
  };
}

/** A collection's ids in code-unit order, each with its place in document order. */
interface SortedIds {
  ids: string[];
  order: Int32Array;
}

function sortIds(idsInDocumentOrder: string[]): SortedIds {
  const places = idsInDocumentOrder.map((_, place) => place).sort((a, b) => (idsInDocumentOrder[a] < idsInDocumentOrder[b] ? -1 : idsInDocumentOrder[a] > idsInDocumentOrder[b] ? 1 : 0));
  return { ids: places.map((place) => idsInDocumentOrder[place]), order: Int32Array.from(places) };
}

/**
 * The `count` ids at edit distance ≤ limit from `query`, nearest first, ties in document order.
 * The ids are walked in sorted order, as a depth-first walk of the trie they would make: `rows[d]`
 * is the edit-distance row for the first d characters of the current id, so an id reuses the rows
 * of the prefix it shares with the one before, and the rows are the only memory the walk needs.
 */
function idsWithin(sorted: SortedIds, query: string, limit: number, count: number): string[] {
  const { ids, order } = sorted;
  const width = query.length + 1;
  const rows: Int32Array[] = [Int32Array.from({ length: width }, (_, j) => j)];
  const best: { id: string; order: number; distance: number }[] = [];
  let previous = '';
  /** How many characters of `previous` have their row in `rows`. */
  let known = 0;
  for (let k = 0; k < ids.length; ) {
    const id = ids[k];
    let depth = 0;
    const shared = Math.min(known, id.length);
    while (depth < shared && id.charCodeAt(depth) === previous.charCodeAt(depth)) depth++;
    let tooFar = false;
    for (; depth < id.length; depth++) {
      const row = rows[depth];
      const next = (rows[depth + 1] ??= new Int32Array(width));
      const char = id.charCodeAt(depth);
      next[0] = row[0] + 1;
      let nearest = next[0];
      for (let j = 1; j < width; j++) {
        next[j] = Math.min(next[j - 1] + 1, row[j] + 1, row[j - 1] + (query.charCodeAt(j - 1) === char ? 0 : 1));
        if (next[j] < nearest) nearest = next[j];
      }
      if (nearest > limit) {
        // Every id that starts with these depth + 1 characters is at least this far away.
        tooFar = true;
        break;
      }
    }
    previous = id;
    known = Math.min(depth + 1, id.length);
    if (tooFar) {
      k = firstNotStartingWith(ids, id, depth + 1, k + 1);
      continue;
    }
    const distance = rows[id.length][width - 1];
    if (distance <= limit) keepNearest(best, id, order[k], distance, count);
    k++;
  }
  return best.map((match) => match.id);
}

/** Adds a match to the `count` nearest so far (sorted: nearest first, ties in document order). */
function keepNearest(best: { id: string; order: number; distance: number }[], id: string, order: number, distance: number, count: number): void {
  let at = best.length;
  while (at > 0 && (best[at - 1].distance > distance || (best[at - 1].distance === distance && best[at - 1].order > order))) at--;
  if (at >= count) return;
  best.splice(at, 0, { id, order, distance });
  if (best.length > count) best.pop();
}

/**
 * The first index from `from` on whose id does not start with the first `length` characters of
 * `id` (the ids are sorted, so those that do are consecutive).
 */
function firstNotStartingWith(ids: string[], id: string, length: number, from: number): number {
  let low = from;
  let high = ids.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sharesPrefix(ids[mid], id, length)) low = mid + 1;
    else high = mid;
  }
  return low;
}

function sharesPrefix(a: string, b: string, length: number): boolean {
  if (a.length < length) return false;
  for (let i = 0; i < length; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return false;
  return true;
}
