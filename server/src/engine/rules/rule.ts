// What a rule is: a name (the diagnostic code), the clause it serves, a default severity, a check,
// and the fixes it attaches to its findings. Add a rule by writing one module that exports a Rule
// and adding it to the list in ./index.ts (README, "How to add a rule").
//
// The contract is in the types, and the analyzer holds rules to it:
// - A document rule reads one file and is re-run only when that file changes. Its context has no
//   workspace at all, so it cannot read other files (and report findings that go stale).
// - A workspace rule answers a set-level question (which phases are covered, which threats are
//   mitigated…). It declares in `reads` what it reads of the index, and its check gets a view of
//   the index built from that declaration: only what is declared is in the view's type, and the
//   view throws on anything else. Its findings are reused while what it declared is unchanged.
// - A finding's fixes are a function the host calls when it offers them (a code action): a check
//   works out no edits, and copying or serialising a finding computes none.
import type { Catalog } from '../catalog';
import type { ClauseGuideConfig } from '../config';
import type { EvidenceOptions } from '../criteria';
import type { ParsedDocument } from '../document';
import type { ModelDocument, ModelItem } from '../model';
import type { CollectionName, ModelKind } from '../schema';
import type { Finding, Fix, Severity } from '../types';
import type { Definition } from '../workspace';

interface RuleContext {
  catalog: Catalog;
  config: ClauseGuideConfig;
}

/** What a document rule sees: its file, the file's model, the catalog and the configuration. Nothing of other files. */
export interface DocumentRuleContext extends RuleContext {
  document: ParsedDocument;
  /** The security document's model; null when the file is not one (only a few rules look at those). */
  model: ModelDocument | null;
}

export interface WorkspaceRuleContext<R extends WorkspaceReads = WorkspaceReads> extends RuleContext {
  /** The index as far as the rule declared it reads it (see `WorkspaceRule.reads`). */
  workspace: WorkspaceView<R>;
  /** What the host can tell beyond the index, as far as `reads` declares it (`records`, `today`); the rest is absent. */
  evidence: EvidenceOptions;
}

/**
 * A finding as a rule reports it; the engine adds rule, clause and the configured severity, and
 * the suppress fix. `fixes` is called only when a host offers the fixes, against the index as it is
 * then (a workspace rule's fix reads the view when called, not when the check ran).
 */
export type RuleFinding = Omit<Finding, 'rule' | 'clause' | 'severity'> & { severity?: Severity };

interface RuleInfo {
  name: string;
  /** The clause this rule serves; null for rules about the file itself (syntax, ids). */
  clause: string | null;
  defaultSeverity: Severity;
  /** One sentence for rule listings, SARIF rule metadata, the settings and the docs (all generated from it). */
  description: string;
}

export interface DocumentRule extends RuleInfo {
  scope: 'document';
  check(context: DocumentRuleContext): RuleFinding[];
}

export interface WorkspaceRule<R extends WorkspaceReads = WorkspaceReads> extends RuleInfo {
  scope: 'workspace';
  /**
   * What the check reads of the index (besides the config and catalog). Its findings are reused
   * while all of it is unchanged (unless it reads `allDocuments`), so a keystroke in a requirement
   * set does not re-run a rule about threats and controls.
   */
  reads: R;
  eachItemOf?: undefined;
  check(context: WorkspaceRuleContext<R>): RuleFinding[];
}

/** What an item rule's check sees: the one item it judges, and the index as far as `reads` declares. */
export interface ItemRuleContext<R extends WorkspaceReads = WorkspaceReads> extends WorkspaceRuleContext<R> {
  item: ModelItem;
  /**
   * The document holding the item. Reading it is sound without declaring it: a change to the
   * document builds every item of it anew, so each of its items is checked again.
   */
  document: ModelDocument;
}

/**
 * A workspace rule that judges the items of one collection one at a time: what it says of an item
 * depends only on that item and on what `reads` declares (test results, say, for a requirement).
 * The engine keeps each item's findings while the item and the declared reads are unchanged, so a
 * keystroke re-checks the items of the edited file only, not every item of the workspace.
 * (Declaring the item's own collection in `reads` as well is allowed, and re-checks every item on
 * any change to it.)
 */
export interface ItemRule<R extends WorkspaceReads = WorkspaceReads> extends RuleInfo {
  scope: 'workspace';
  reads: R;
  eachItemOf: CollectionName;
  check(context: ItemRuleContext<R>): RuleFinding[];
}

/** What a workspace rule reads of the index (see `WorkspaceRule.reads`). */
export interface WorkspaceReads {
  /** `items()` of these collections, and `model()` of the documents holding them. */
  readonly collections?: readonly CollectionName[];
  /** `documentsOfKind()` of these kinds, and `model()` of those documents. */
  readonly kinds?: readonly ModelKind[];
  /** Which ids are defined where (`definitions()`, e.g. to pick a free id for a stub). */
  readonly definitions?: boolean;
  /** Every document (`documents()`, items of any collection, documents of any kind): such a rule re-runs on every change. */
  readonly allDocuments?: boolean;
  /**
   * The host's record checker (`evidence.recordExists`: whether a record names a file of the
   * repository). The host renews it now and then, as files come and go; only a rule that reads it
   * is checked again when it does.
   */
  readonly records?: boolean;
  /** Today's date (`evidence.today`): a rule that compares dates with it is checked again when the day changes. */
  readonly today?: boolean;
}

export type Rule = DocumentRule | WorkspaceRule | ItemRule;

/** A workspace rule, typed by what it reads: its check sees exactly the view its `reads` declare. */
export function workspaceRule<const R extends WorkspaceReads>(rule: WorkspaceRule<R>): WorkspaceRule<R> {
  return rule;
}

/** An item rule (see `ItemRule`), typed by what it reads besides its item. */
export function itemRule<const R extends WorkspaceReads>(rule: ItemRule<R>): ItemRule<R> {
  return rule;
}

// The view's type: only what `reads` declares. Functions are properties, not methods, so a view
// that may read less is not assignable where more is needed (method parameters are bivariant).
type Listed<T> = T extends readonly (infer E)[] ? E : never;
type Declared<R extends WorkspaceReads, T extends 'collections' | 'kinds', All> = R['allDocuments'] extends true ? All : Listed<R[T]>;

interface ViewBase {
  /** Bumped on every change of the index: a rule's own caches compare it with `definitionsUnchangedSince`. */
  readonly generation: number;
  /** The model of a file the rule may read: one holding a declared collection or of a declared kind. */
  readonly model: (uri: string) => ModelDocument | undefined;
}

export interface ItemsView<C extends CollectionName> {
  /** The items of a collection, in document order; the same list while its items are the same. */
  readonly items: (collection: C) => ModelItem[];
}

export interface KindsView<K extends ModelKind> {
  /** The documents of a kind, in uri order; the same list while no document of that kind changes. */
  readonly documentsOfKind: (kind: K) => ModelDocument[];
}

export interface DefinitionsView {
  readonly definitions: (id: string) => Definition[];
  readonly duplicateDefinitions: () => [string, Definition[]][];
  readonly definitionsUnchangedSince: (generation: number) => boolean;
  readonly definitionsChangedSince: (id: string, generation: number) => boolean;
}

export interface DocumentsView {
  /** Every security document, in uri order. */
  readonly documents: () => ModelDocument[];
}

export type WorkspaceView<R extends WorkspaceReads = WorkspaceReads> = ViewBase &
  ([Declared<R, 'collections', CollectionName>] extends [never] ? unknown : ItemsView<Declared<R, 'collections', CollectionName>>) &
  ([Declared<R, 'kinds', ModelKind>] extends [never] ? unknown : KindsView<Declared<R, 'kinds', ModelKind>>) &
  (R['definitions'] extends true ? DefinitionsView : unknown) &
  (R['allDocuments'] extends true ? DocumentsView : unknown);

/** Fixes as a rule attaches them: called only when a host offers them. */
export type FixProvider = () => Fix[];
