// What a rule is: a name (the diagnostic code), the clause it serves, a default severity, a check,
// and the fixes it attaches to its findings. Add a rule by writing one module that exports a Rule
// and adding it to the list in ./index.ts.
//
// A document rule reads one file and is re-run only when that file changes. A workspace rule
// answers a set-level question (which phases are covered, which threats are mitigated…) over the
// whole index and is re-run when any file changes (or, when it declares `reads`, only when what it
// reads changed).
import type { Catalog, DocumentKind } from '../catalog';
import type { ClauseGuideConfig } from '../config';
import type { ParsedDocument } from '../document';
import type { ModelDocument } from '../model';
import type { CollectionName } from '../schema';
import type { Finding, Severity } from '../types';
import type { WorkspaceIndex } from '../workspace';

export interface RuleContext {
  catalog: Catalog;
  workspace: WorkspaceIndex;
  config: ClauseGuideConfig;
  /** False when nobody will apply the fixes (the CLI): a rule may then skip working them out. Defaults to true. */
  fixes?: boolean;
}

export interface DocumentRuleContext extends RuleContext {
  document: ParsedDocument;
  /** The security document's model; null when the file is not one (only a few rules look at those). */
  model: ModelDocument | null;
}

/** A finding as a rule reports it; the engine adds rule, clause and the configured severity. */
export type RuleFinding = Omit<Finding, 'rule' | 'clause' | 'severity'> & { severity?: Severity };

interface RuleInfo {
  name: string;
  /** The clause this rule serves; null for rules about the file itself (syntax, ids). */
  clause: string | null;
  defaultSeverity: Severity;
  /** One sentence for rule listings, SARIF rule metadata and docs. */
  description: string;
}

export interface DocumentRule extends RuleInfo {
  scope: 'document';
  check(context: DocumentRuleContext): RuleFinding[];
}

export interface WorkspaceRule extends RuleInfo {
  scope: 'workspace';
  /**
   * Set only when the check reads nothing of the workspace but what this declares (besides the
   * config and catalog): its findings are then reused while all of it is unchanged, so a keystroke
   * in a requirement set does not re-run a rule about threats and controls.
   */
  reads?: WorkspaceReads;
  check(context: RuleContext): RuleFinding[];
}

/** What a workspace rule reads of the index (see `WorkspaceRule.reads`). */
export interface WorkspaceReads {
  /** `items()` of these collections, and anything of the documents holding them. */
  collections?: readonly CollectionName[];
  /** `documentsOfKind()` of these kinds, and anything of those documents. */
  kinds?: readonly DocumentKind[];
  /** Which ids are defined where (`definitions()`, e.g. to pick a free id for a stub). */
  definitions?: boolean;
}

export type Rule = DocumentRule | WorkspaceRule;
