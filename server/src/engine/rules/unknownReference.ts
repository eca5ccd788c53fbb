import { appendItemEdit } from '../edits';
import type { ModelDocument, ModelItem, ReferenceUse } from '../model';
import type { CollectionName } from '../schema';
import type { Fix } from '../types';
import type { WorkspaceIndex } from '../workspace';
import type { RuleFinding, WorkspaceRule } from './rule';

const NOUN: Partial<Record<CollectionName, string>> = { threats: 'threat', zones: 'zone', controls: 'control' };
// Where a stub for each kind of target goes, and what it holds.
const STUB: Partial<Record<CollectionName, { kind: ModelDocument['kind']; fields: (id: string) => [string, string][] }>> = {
  threats: { kind: 'threat-model', fields: (id) => [['id', id], ['title', '"TODO: describe the threat"']] },
  zones: { kind: 'security-architecture', fields: (id) => [['id', id], ['name', '"TODO: name the zone"']] },
};

export const unknownReference: WorkspaceRule = {
  name: 'unknown-reference',
  clause: null,
  defaultSeverity: 'error',
  scope: 'workspace',
  description: 'An item refers to an id (threat, zone, control) that is defined nowhere in the workspace.',
  check({ workspace, fixes = true }) {
    const findings: RuleFinding[] = [];
    const nearest = nearestIdFinder(workspace);
    // The document a stub goes into: the first of its kind, looked up once per check, not per reference.
    const homeByKind = new Map<ModelDocument['kind'], ModelDocument | undefined>();
    const homes = (kind: ModelDocument['kind']) => {
      if (!homeByKind.has(kind)) homeByKind.set(kind, workspace.documentsOfKind(kind)[0]);
      return homeByKind.get(kind);
    };
    for (const document of workspace.documents()) {
      const cached = documentCache.get(document);
      if (cached && cached.withFixes === fixes && stillValid(cached, document, workspace, homes, nearest)) {
        for (const finding of cached.findings) findings.push(finding);
        continue;
      }
      const entry: CachedFindings = { generation: workspace.generation, withFixes: fixes, findings: [], homes: new Map(), nearest: new Map() };
      const homesSeen = (kind: ModelDocument['kind']) => {
        const home = homes(kind);
        entry.homes.set(kind, home);
        return home;
      };
      const nearestSeen: NearestIdFinder = (target, id) => {
        entry.nearest.set(target, nearest.entry(target));
        return nearest(target, id);
      };
      for (const reference of document.references) {
        const finding = findingFor(workspace, reference, fixes ? { nearest: nearestSeen, homes: homesSeen } : undefined);
        if (finding) entry.findings.push(finding);
      }
      documentCache.set(document, entry);
      for (const finding of entry.findings) findings.push(finding);
    }
    return findings;
  },
};

/**
 * One document's findings, and what they were computed from besides the document itself: the
 * definitions of its referenced ids (as of `generation`), the stub homes and the id tries used
 * for suggestions. A keystroke elsewhere leaves all of these alone, so the rule re-checks only
 * the documents whose inputs changed instead of every reference of the workspace.
 */
interface CachedFindings {
  generation: number;
  /** Whether the findings carry fixes (a CLI run skips them). */
  withFixes: boolean;
  findings: RuleFinding[];
  homes: Map<ModelDocument['kind'], ModelDocument | undefined>;
  nearest: Map<CollectionName, NearestEntry>;
}

const documentCache = new WeakMap<ModelDocument, CachedFindings>();

function stillValid(
  cached: CachedFindings,
  document: ModelDocument,
  workspace: WorkspaceIndex,
  homes: (kind: ModelDocument['kind']) => ModelDocument | undefined,
  nearest: NearestIdFinder & { entry(target: CollectionName): NearestEntry },
): boolean {
  if (!workspace.definitionsUnchangedSince(cached.generation)) {
    for (const reference of document.references) if (workspace.definitionsChangedSince(reference.id, cached.generation)) return false;
  }
  for (const [kind, home] of cached.homes) if (homes(kind) !== home) return false;
  for (const [target, entry] of cached.nearest) if (nearest.entry(target) !== entry) return false;
  return true;
}

/** The finding for a reference whose id names no item of its target collection; undefined when it does. */
function findingFor(
  workspace: WorkspaceIndex,
  reference: ReferenceUse,
  /** What the fixes need; undefined when no fixes are wanted. */
  fixing: { nearest: NearestIdFinder; homes: (kind: ModelDocument['kind']) => ModelDocument | undefined } | undefined,
): RuleFinding | undefined {
  const definitions = workspace.definitions(reference.id);
  const noun = NOUN[reference.target] ?? 'item';
  if (definitions.some((definition) => definition.item?.collection === reference.target)) return undefined;
  const wrongKind = definitions.find((definition) => definition.item);
  return {
    uri: reference.item.uri,
    range: reference.range,
    message: wrongKind
      ? `${reference.id} is a ${NOUN[wrongKind.item!.collection] ?? wrongKind.item!.collection}, not a ${noun}: \`${reference.field}\` needs ${noun} ids.`
      : `${reference.id} is not defined anywhere in the workspace. Define the ${noun} or correct the id in \`${reference.field}\`.`,
    related: wrongKind ? [{ uri: wrongKind.uri, range: wrongKind.range, message: `${reference.id} is defined here` }] : undefined,
    fixes: fixing && fixesFor(workspace, reference, fixing.nearest, fixing.homes),
  };
}

function fixesFor(workspace: WorkspaceIndex, reference: ReferenceUse, nearest: NearestIdFinder, homes: (kind: ModelDocument['kind']) => ModelDocument | undefined): Fix[] {
  const fixes: Fix[] = [];
  // Ids already in the same list are not what the author meant.
  const alreadyListed = new Set((reference.item.fields[reference.field]?.list ?? []).map((value) => value.text));
  const candidates = nearest(reference.target, reference.id).filter((id) => !alreadyListed.has(id));
  for (const id of candidates.slice(0, 3)) {
    fixes.push({ title: `Change to ${id}`, edits: { [reference.item.uri]: [{ range: reference.range, newText: id }] }, isPreferred: fixes.length === 0 });
  }
  const stub = STUB[reference.target];
  const home = stub && homes(stub.kind);
  const edit = home && appendItemEdit(home, reference.target, stub.fields(reference.id));
  if (home && edit) {
    const file = home.uri.slice(home.uri.lastIndexOf('/') + 1);
    fixes.push({ title: `Create ${NOUN[reference.target]} ${reference.id} in ${file}`, edits: { [home.uri]: [edit] }, isPreferred: fixes.length === 0 });
  }
  return fixes;
}

type NearestIdFinder = (target: CollectionName, id: string) => string[];

/**
 * The ids of a collection within a few edits of a mistyped id, nearest first (ties in document
 * order). Comparing each unknown id with every id of the workspace, one by one, grew with
 * (unknown ids × all ids) and was most of the time of a large check, so the ids sit in a trie
 * (ids share long prefixes, which then share one row of the edit-distance table, and a branch
 * already too far away is not walked), built once per check; the server re-runs this rule on
 * every keystroke and reuses trie and answers while the ids of the collection are the same.
 */
interface NearestEntry {
  /** The list of items the ids were last read from. */
  items: ModelItem[];
  signature: string;
  trie: IdTrie;
  nearest: Map<string, string[]>;
}

const nearestCache = new WeakMap<WorkspaceIndex, Map<CollectionName, NearestEntry>>();

/** The finder, and the entry it answers from for a collection (a new entry when the collection's ids changed). */
function nearestIdFinder(workspace: WorkspaceIndex): NearestIdFinder & { entry(target: CollectionName): NearestEntry } {
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
        else byTarget!.set(target, (entry = { items, signature, trie: buildTrie(ids), nearest: new Map() }));
      }
    }
    return entry!;
  };
  const finder = (target: CollectionName, id: string) => {
    const entry = entryFor(target);
    let found = entry.nearest.get(id);
    if (!found) {
      found = idsWithin(entry.trie, id, Math.max(2, Math.floor(id.length / 3)));
      entry.nearest.set(id, found);
    }
    return found;
  };
  return Object.assign(finder, { entry: entryFor });
}

interface IdTrie {
  children: Map<string, IdTrie>;
  /** Set where an id ends: the id and its place in document order. */
  id?: string;
  order?: number;
}

function buildTrie(ids: string[]): IdTrie {
  const root: IdTrie = { children: new Map() };
  ids.forEach((id, order) => {
    let node = root;
    for (const char of id.split('')) {
      let next = node.children.get(char);
      if (!next) node.children.set(char, (next = { children: new Map() }));
      node = next;
    }
    node.id = id;
    node.order = order;
  });
  return root;
}

/** Ids at edit distance ≤ limit from `query`, nearest first, ties in document order. */
function idsWithin(root: IdTrie, query: string, limit: number): string[] {
  // UTF-16 units, as editDistance counts them.
  const target = query.split('');
  const found: { id: string; order: number; distance: number }[] = [];
  // Depth first, without recursion (an id can be arbitrarily long); each entry carries the row of
  // the edit-distance table for the prefix that leads to its node.
  const stack: [IdTrie, number[]][] = [[root, Array.from({ length: target.length + 1 }, (_, i) => i)]];
  while (stack.length) {
    const [node, row] = stack.pop()!;
    if (node.id !== undefined && row[target.length] <= limit) found.push({ id: node.id, order: node.order!, distance: row[target.length] });
    for (const [char, child] of node.children) {
      const next = [row[0] + 1];
      let best = next[0];
      for (let j = 1; j <= target.length; j++) {
        next[j] = Math.min(next[j - 1] + 1, row[j] + 1, row[j - 1] + (target[j - 1] === char ? 0 : 1));
        if (next[j] < best) best = next[j];
      }
      // Every longer prefix is at least this far away: the branch holds no match.
      if (best <= limit) stack.push([child, next]);
    }
  }
  return found.sort((a, b) => a.distance - b.distance || a.order - b.order).map((match) => match.id);
}
