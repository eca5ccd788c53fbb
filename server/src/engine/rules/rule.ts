// What a rule is: a name (the diagnostic code), the clause it serves, a default severity,
// a check, and the fixes it attaches to its findings. Add a rule by writing one module that
// exports a Rule and adding it to the list in ./index.ts.
import type { Catalog } from '../catalog';
import type { ParsedDocument } from '../document';
import type { Finding, Severity } from '../types';

export interface RuleContext {
  catalog: Catalog;
  /** The document being checked. */
  document: ParsedDocument;
}

/** A finding as a rule reports it; the engine adds uri, rule, clause and the configured severity. */
export type RuleFinding = Omit<Finding, 'uri' | 'rule' | 'clause' | 'severity'> & { severity?: Severity };

export interface Rule {
  name: string;
  /** The clause this rule serves; null for rules about the file itself (syntax, ids). */
  clause: string | null;
  defaultSeverity: Severity;
  /** One sentence for rule listings, SARIF rule metadata and docs. */
  description: string;
  check(context: RuleContext): RuleFinding[];
}
