// Engine shapes -> LSP shapes. Positions and ranges already match; severities and kinds need mapping.
import { CodeActionKind, DiagnosticSeverity, SymbolKind, type CodeAction, type Diagnostic, type DocumentSymbol } from 'vscode-languageserver/node';
import type { DocumentSymbolEntry, Finding, Severity } from '../engine';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export const DIAGNOSTIC_SOURCE = 'clause-guide';

export function toDiagnostic(finding: Finding): Diagnostic {
  return {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    code: finding.rule,
    source: DIAGNOSTIC_SOURCE,
    message: messageWithClause(finding),
    relatedInformation: finding.related?.map((related) => ({
      location: { uri: related.uri, range: related.range },
      message: related.message,
    })),
  };
}

/**
 * The message with its clause named once. Rule messages end with "(§5.3.1)." so the CLI, JUnit and
 * reports show the clause too; a diagnostic names the standard there instead of adding it again.
 */
function messageWithClause({ message, clause }: Finding): string {
  if (!clause) return message;
  const named = `(IEC 81001-5-1 §${clause})`;
  const cited = message.lastIndexOf(`(§${clause})`);
  if (cited >= 0) return message.slice(0, cited) + named + message.slice(cited + clause.length + 3);
  return `${message} ${named}`;
}

export function toCodeActions(finding: Finding, diagnostic: Diagnostic): CodeAction[] {
  return (finding.fixes ?? []).map((fix) => ({
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: fix.isPreferred,
    edit: { changes: fix.edits },
  }));
}

export function sameRange(a: Diagnostic['range'], b: Diagnostic['range']): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}

const SYMBOL_KIND: Record<DocumentSymbolEntry['kind'], SymbolKind> = {
  document: SymbolKind.File,
  collection: SymbolKind.Array,
  item: SymbolKind.Object,
  heading: SymbolKind.String,
};

export function toDocumentSymbol(entry: DocumentSymbolEntry): DocumentSymbol {
  return {
    name: entry.name || '(unnamed)',
    detail: entry.detail,
    kind: SYMBOL_KIND[entry.kind],
    range: entry.range,
    selectionRange: entry.selectionRange,
    children: entry.children.map(toDocumentSymbol),
  };
}
