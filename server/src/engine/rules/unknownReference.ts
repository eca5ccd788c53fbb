import { appendItemEdit } from '../edits';
import type { ModelDocument, ReferenceUse } from '../model';
import { editDistance } from '../nearest';
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
        fixes: fixesFor(workspace, reference),
      });
    }
    return findings;
  },
};

function fixesFor(workspace: WorkspaceIndex, reference: ReferenceUse): Fix[] {
  const fixes: Fix[] = [];
  // Ids already in the same list are not what the author meant.
  const alreadyListed = new Set((reference.item.fields[reference.field]?.list ?? []).map((value) => value.text));
  const candidates = workspace
    .items(reference.target)
    .map((item) => item.id?.text)
    .filter((id): id is string => !!id && !alreadyListed.has(id) && editDistance(id, reference.id) <= Math.max(2, Math.floor(reference.id.length / 3)))
    .sort((a, b) => editDistance(a, reference.id) - editDistance(b, reference.id));
  for (const id of [...new Set(candidates)].slice(0, 3)) {
    fixes.push({ title: `Change to ${id}`, edits: { [reference.item.uri]: [{ range: reference.range, newText: id }] }, isPreferred: fixes.length === 0 });
  }
  const stub = STUB[reference.target];
  const home = stub && workspace.documentsOfKind(stub.kind)[0];
  const edit = home && appendItemEdit(home, reference.target, stub.fields(reference.id));
  if (home && edit) {
    const file = home.uri.slice(home.uri.lastIndexOf('/') + 1);
    fixes.push({ title: `Create ${NOUN[reference.target]} ${reference.id} in ${file}`, edits: { [home.uri]: [edit] }, isPreferred: fixes.length === 0 });
  }
  return fixes;
}
