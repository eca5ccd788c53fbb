// The view of the index a workspace rule's check gets: built from the rule's `reads`, it answers
// what was declared and throws on anything else. The analyzer reuses a rule's findings while what
// it declared is unchanged, so a read the declaration does not cover would make them go stale
// silently; here it fails at once, naming the rule and the read.
import type { EvidenceOptions } from '../criteria';
import type { ModelDocument } from '../model';
import type { CollectionName, ModelKind } from '../schema';
import type { WorkspaceIndex } from '../workspace';
import type { WorkspaceReads, WorkspaceView } from './rule';

export class UndeclaredReadError extends Error {
  constructor(rule: string, read: string) {
    super(`rule ${rule} read ${read} of the workspace without declaring it in \`reads\``);
    this.name = 'UndeclaredReadError';
  }
}

/** The view of `index` for the rule named `rule`, as far as `reads` declares. */
export function workspaceView<R extends WorkspaceReads>(index: WorkspaceIndex, rule: string, reads: R): WorkspaceView<R> {
  const all = reads.allDocuments === true;
  const collections = new Set<CollectionName>(reads.collections ?? []);
  const kinds = new Set<ModelKind>(reads.kinds ?? []);
  const refuse = (read: string): never => {
    throw new UndeclaredReadError(rule, read);
  };
  const definitions = () => reads.definitions === true || refuse('definitions');
  const view = {
    get generation() {
      return index.generation;
    },
    model: (uri: string) => {
      const model = index.model(uri);
      if (model && !all && !kinds.has(model.kind) && !Object.keys(model.collections).some((name) => collections.has(name as CollectionName))) {
        refuse(`the model of ${uri} (a ${model.kind} holding none of its collections)`);
      }
      return model;
    },
    items: (collection: CollectionName) => (all || collections.has(collection) ? index.items(collection) : refuse(`items('${collection}')`)),
    documentsOfKind: (kind: ModelKind): ModelDocument[] => (all || kinds.has(kind) ? index.documentsOfKind(kind) : refuse(`documentsOfKind('${kind}')`)),
    documents: () => (all ? index.documents() : refuse('documents()')),
    definitions: (id: string) => definitions() && index.definitions(id),
    duplicateDefinitions: () => definitions() && index.duplicateDefinitions(),
    definitionsUnchangedSince: (generation: number) => definitions() && index.definitionsUnchangedSince(generation),
    definitionsChangedSince: (id: string, generation: number) => definitions() && index.definitionsChangedSince(id, generation),
  };
  return view as unknown as WorkspaceView<R>;
}

/**
 * The host's evidence options as a rule's check sees them: what `reads` declares (`records`,
 * `today`; a rule reading every document sees both), and a throw for the rest. The analyzer
 * re-runs a rule only when what it declared changes, so an undeclared read would go stale silently.
 */
export function guardedEvidence(rule: string, reads: WorkspaceReads, evidence: EvidenceOptions): EvidenceOptions {
  const all = reads.allDocuments === true;
  return {
    get recordExists() {
      if (!all && !reads.records) throw new UndeclaredReadError(rule, 'evidence.recordExists (declare `records: true`)');
      return evidence.recordExists;
    },
    get today() {
      if (!all && !reads.today) throw new UndeclaredReadError(rule, 'evidence.today (declare `today: true`)');
      return evidence.today;
    },
  };
}
