import { appendItemEdit } from '../edits';
import type { ModelDocument, ReferenceUse } from '../model';
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
  check({ workspace }) {
    const findings: RuleFinding[] = [];
    const nearest = nearestIdFinder(workspace);
    // The document a stub goes into: the first of its kind, looked up once per check, not per reference.
    const homeByKind = new Map<ModelDocument['kind'], ModelDocument | undefined>();
    const homes = (kind: ModelDocument['kind']) => {
      if (!homeByKind.has(kind)) homeByKind.set(kind, workspace.documentsOfKind(kind)[0]);
      return homeByKind.get(kind);
    };
    for (const reference of workspace.allReferences()) {
      const definitions = workspace.definitions(reference.id);
      const noun = NOUN[reference.target] ?? 'item';
      if (definitions.some((definition) => definition.item?.collection === reference.target)) continue;
      const wrongKind = definitions.find((definition) => definition.item);
      findings.push({
        uri: reference.item.uri,
        range: reference.range,
        message: wrongKind
          ? `${reference.id} is a ${NOUN[wrongKind.item!.collection] ?? wrongKind.item!.collection}, not a ${noun}: \`${reference.field}\` needs ${noun} ids.`
          : `${reference.id} is not defined anywhere in the workspace. Define the ${noun} or correct the id in \`${reference.field}\`.`,
        related: wrongKind ? [{ uri: wrongKind.uri, range: wrongKind.range, message: `${reference.id} is defined here` }] : undefined,
        fixes: fixesFor(workspace, reference, nearest, homes),
      });
    }
    return findings;
  },
};

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
const nearestCache = new WeakMap<WorkspaceIndex, Map<CollectionName, { signature: string; trie: IdTrie; nearest: Map<string, string[]> }>>();

function nearestIdFinder(workspace: WorkspaceIndex): NearestIdFinder {
  let byTarget = nearestCache.get(workspace);
  if (!byTarget) nearestCache.set(workspace, (byTarget = new Map()));
  const checked = new Set<CollectionName>();
  return (target, id) => {
    let entry = byTarget!.get(target);
    if (!checked.has(target)) {
      checked.add(target);
      const ids = [...new Set(workspace.items(target).flatMap((item) => (item.id?.text ? [item.id.text] : [])))];
      const signature = ids.join('\n');
      if (entry?.signature !== signature) byTarget!.set(target, (entry = { signature, trie: buildTrie(ids), nearest: new Map() }));
    }
    let found = entry!.nearest.get(id);
    if (!found) {
      found = idsWithin(entry!.trie, id, Math.max(2, Math.floor(id.length / 3)));
      entry!.nearest.set(id, found);
    }
    return found;
  };
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
