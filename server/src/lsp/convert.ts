// Engine shapes -> LSP shapes. Positions and ranges already match; severities and kinds need mapping.
import { CodeActionKind, DiagnosticSeverity, SymbolKind, type CodeAction, type Diagnostic, type DocumentSymbol, type ShowDocumentParams } from 'vscode-languageserver/node';
import type { DocumentSymbolEntry, Finding, Fix, Severity } from '../engine';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export const DIAGNOSTIC_SOURCE = 'clause-guide';

/**
 * A published diagnostic's identity is its code, range and message (a rule words each of its
 * findings on one range differently: three missing phases, four uncovered clauses). Findings alike
 * in all three also carry `data.occurrence`, their place among the alike ones, so each keeps its
 * own fixes; clients echo `data` back in a code action request.
 */
export interface DiagnosticData {
  occurrence: number;
}

/** A file's findings as diagnostics, each telling which finding it is (see DiagnosticData). */
export function toDiagnostics(findings: readonly Finding[]): Diagnostic[] {
  // Findings by message (no key string is built per finding: this runs on every publish).
  const byMessage = new Map<string, Finding[]>();
  return findings.map((finding) => {
    const diagnostic = toDiagnostic(finding);
    const worded = byMessage.get(finding.message);
    if (!worded) {
      byMessage.set(finding.message, [finding]);
      return diagnostic;
    }
    const occurrence = worded.filter((other) => alike(other, finding)).length;
    if (occurrence > 0) diagnostic.data = { occurrence } satisfies DiagnosticData;
    worded.push(finding);
    return diagnostic;
  });
}

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

/**
 * The finding a diagnostic sent back by the client stands for, among the file's current findings:
 * same rule, range and message, and the occurrence `data` names. A client that does not echo
 * `data` gets the first of findings alike in all three, whose fixes are the same in practice; one
 * that sends the message as markup, not text, gets the finding only where its rule and range name
 * one alone. A diagnostic whose words no current finding has (published before the latest edit)
 * matches nothing: a menu of another finding's fixes is what this function exists to prevent.
 */
export function findingFor(findings: readonly Finding[], diagnostic: Diagnostic): Finding | undefined {
  const candidates = findings.filter((finding) => finding.rule === diagnostic.code && sameRange(finding.range, diagnostic.range));
  const message = typeof diagnostic.message === 'string' ? diagnostic.message : undefined;
  const worded = candidates.filter((finding) => messageWithClause(finding) === message);
  if (!worded.length) return candidates.length === 1 && message === undefined ? candidates[0] : undefined;
  const occurrence = (diagnostic.data as Partial<DiagnosticData> | undefined)?.occurrence;
  return worded[typeof occurrence === 'number' && occurrence < worded.length ? occurrence : 0];
}

/**
 * The server's command that shows a file a quick fix edited (see showEditedFile): its arguments
 * are one ShowDocumentParams. Listed in the server's executeCommandProvider, so a client runs it by
 * asking the server (VS Code's client registers it as a command of its own).
 */
export const SHOW_EDITED_FILE_COMMAND = 'clauseGuide.showEditedFile';

/**
 * Where the user should look after a fix that edits another file than the one it is offered in
 * (unknown-reference's "Create threat TH-2 in threat-model.yaml"): applied from a menu, the edit
 * left that file changed and unsaved in a background tab, or in no tab at all. The place is the
 * first edit in that file, as the text reads once the edits are applied: from where it starts to
 * the end of its new text (edits after it in the file do not move it). Undefined for a fix that
 * edits only its own file or that runs a command of its own.
 */
export function editedElsewhere(fix: Fix, uri: string): ShowDocumentParams | undefined {
  if (fix.command) return undefined;
  const other = Object.keys(fix.edits).find((target) => target !== uri && fix.edits[target].length > 0);
  if (!other) return undefined;
  const first = [...fix.edits[other]].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character)[0];
  const start = first.range.start;
  const lines = first.newText.split(/\r\n|\r|\n/);
  const end = lines.length === 1 ? { line: start.line, character: start.character + lines[0].length } : { line: start.line + lines.length - 1, character: lines[lines.length - 1].length };
  return { uri: other, external: false, takeFocus: true, selection: { start, end } };
}

/**
 * The argument of SHOW_EDITED_FILE_COMMAND as sent back by the client, if it is one we make: any
 * client may run the command with anything, and the server asks to show only a file URI, at a
 * range of whole non-negative numbers.
 */
export function showDocumentParams(argument: unknown): ShowDocumentParams | undefined {
  const given = argument as Partial<ShowDocumentParams> | undefined;
  const position = (p: unknown) => {
    const { line, character } = (p ?? {}) as { line?: unknown; character?: unknown };
    return Number.isSafeInteger(line) && Number.isSafeInteger(character) && (line as number) >= 0 && (character as number) >= 0 ? { line: line as number, character: character as number } : undefined;
  };
  if (typeof given?.uri !== 'string' || !given.uri.startsWith('file:')) return undefined;
  const start = position(given.selection?.start);
  const end = position(given.selection?.end);
  return { uri: given.uri, external: false, takeFocus: true, ...(start && end ? { selection: { start, end } } : {}) };
}

/**
 * The quick fixes of the findings the client asks about, in the document `uri`. A fix that several
 * of them share (the suppress comment on a line with three phase-missing findings) is offered once,
 * for all of them. With `showEdits` (a client that can show documents), a fix that edits another
 * file also shows it (editedElsewhere).
 */
export function toCodeActions(findings: readonly Finding[], diagnostics: readonly Diagnostic[], options: { uri?: string; showEdits?: boolean } = {}): CodeAction[] {
  const actions = new Map<string, CodeAction>();
  const matched = new Set<Finding>();
  for (const diagnostic of diagnostics) {
    const finding = findingFor(findings, diagnostic);
    if (!finding || matched.has(finding)) continue;
    matched.add(finding);
    // The fixes are worked out here, for the findings a code action is asked about (Finding.fixes).
    for (const fix of finding.fixes?.() ?? []) {
      const key = JSON.stringify([fix.title, fix.edits, fix.command]);
      const same = actions.get(key);
      if (same) same.diagnostics!.push(diagnostic);
      else {
        const hasEdits = Object.keys(fix.edits).length > 0;
        const shown = options.showEdits && options.uri !== undefined ? editedElsewhere(fix, options.uri) : undefined;
        actions.set(key, {
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: fix.isPreferred,
          ...(hasEdits ? { edit: { changes: fix.edits } } : {}),
          ...(fix.command ? { command: { title: fix.title, command: fix.command.command, arguments: fix.command.arguments } } : {}),
          ...(shown ? { command: { title: fix.title, command: SHOW_EDITED_FILE_COMMAND, arguments: [shown] } } : {}),
        });
      }
    }
  }
  return [...actions.values()];
}


function alike(a: Finding, b: Finding): boolean {
  return a.rule === b.rule && a.message === b.message && sameRange(a.range, b.range);
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
