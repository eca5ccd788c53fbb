// Runs the rules over a document and applies the configured severities.
import { DOCUMENT_KINDS, type Catalog } from './catalog';
import type { ParsedDocument } from './document';
import { RULES } from './rules';
import type { Finding, Severity } from './types';

export type RuleSeverities = Readonly<Record<string, Severity | 'off'>>;

export interface CheckOptions {
  /** Per-rule overrides; 'off' disables a rule. */
  severities?: RuleSeverities;
}

/**
 * Findings for one document. Only security-file documents (a known `kind`) are checked;
 * other files get hover and completion but no findings.
 */
export function checkDocument(document: ParsedDocument, catalog: Catalog, options: CheckOptions = {}): Finding[] {
  if (document.documentKind === null && !declaresKindDespiteSyntaxErrors(document)) return [];
  const findings: Finding[] = [];
  for (const rule of RULES) {
    const severity = options.severities?.[rule.name] ?? rule.defaultSeverity;
    if (severity === 'off') continue;
    for (const finding of rule.check({ catalog, document })) {
      findings.push({ ...finding, uri: document.source.uri, rule: rule.name, clause: rule.clause, severity });
    }
  }
  return findings;
}

// A file so broken that YAML cannot read its `kind` still gets its syntax errors when its text
// plainly says which kind it means to be.
const KIND_LINE = new RegExp(`^kind\\s*:\\s*["']?(?:${DOCUMENT_KINDS.join('|')})\\b`, 'm');
function declaresKindDespiteSyntaxErrors(document: ParsedDocument): boolean {
  return document.syntaxProblems.length > 0 && KIND_LINE.test(document.source.text);
}
