// "Clause Guide: Mark as Reviewed" from the palette: the same edit as the quick fix of
// item-changed-since-review and architecture-review-stale (today's date and the fingerprint of what
// was reviewed), for the item under the cursor. The server computes the stamp; this command only
// finds the finding the person means and applies that finding's fix, so the two can never disagree.
import * as vscode from 'vscode';

export const MARK_REVIEWED = 'clauseGuide.markReviewed';
/** The source the language server gives its diagnostics (server/src/lsp/convert.ts). */
const DIAGNOSTIC_SOURCE = 'clause-guide';
/** The rules whose findings offer "Mark as reviewed". */
const REVIEW_RULES = new Set(['item-changed-since-review', 'architecture-review-stale']);
const MARK_TITLE = /^Mark .* as reviewed\b/;

export interface MarkReviewedOutcome {
  uri: string;
  /** The fix's title, e.g. "Mark SR-010 as reviewed (today, 2026-12-05)". */
  title: string;
}

export function registerMarkReviewed(): vscode.Disposable {
  return vscode.commands.registerCommand(MARK_REVIEWED, async (): Promise<MarkReviewedOutcome | undefined> => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage('Clause Guide: open the security document whose item you reviewed, put the cursor on the item, then run Mark as Reviewed.');
      return undefined;
    }
    const document = editor.document;
    const suspects = vscode.languages.getDiagnostics(document.uri).filter((diagnostic) => diagnostic.source === DIAGNOSTIC_SOURCE && REVIEW_RULES.has(codeOf(diagnostic)));
    if (!suspects.length) {
      void vscode.window.showInformationMessage(
        'Clause Guide: nothing in this file has changed since its review. Mark as Reviewed renews the stamp (`reviewed` and `review_fingerprint`) of an item that changed since it was reviewed; an item without `reviewed:` is not tracked yet: add `reviewed:` to it, and its finding then offers the stamp.',
      );
      return undefined;
    }
    const diagnostic = (await suspectAtCursor(document, editor.selection.active, suspects)) ?? (await pickSuspect(document, suspects));
    if (!diagnostic) return undefined;
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value)) ?? [];
    const fix = actions.find((action) => MARK_TITLE.test(action.title) && action.edit && (action.diagnostics ?? []).some((d) => sameDiagnostic(d, diagnostic)))
      ?? actions.find((action) => MARK_TITLE.test(action.title) && action.edit);
    if (!fix?.edit) {
      void vscode.window.showWarningMessage('Clause Guide: this finding offers no review stamp right now (the analysis may still be running). Try again in a moment.');
      return undefined;
    }
    if (!(await vscode.workspace.applyEdit(fix.edit))) {
      void vscode.window.showWarningMessage('Clause Guide: the review stamp could not be written into the document.');
      return undefined;
    }
    return { uri: document.uri.toString(), title: fix.title };
  });
}

function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' && code !== null ? String(code.value) : String(code ?? '');
}

function sameDiagnostic(a: vscode.Diagnostic, b: vscode.Diagnostic): boolean {
  return codeOf(a) === codeOf(b) && a.range.isEqual(b.range) && a.message === b.message;
}

/** Where a finding's item starts: its related location (the item's anchor), else the finding itself. */
function anchorOf(diagnostic: vscode.Diagnostic): vscode.Position {
  return diagnostic.relatedInformation?.[0]?.location.range.start ?? diagnostic.range.start;
}

/**
 * The finding of the item the cursor is in: the document's symbols (one per item) give each item's
 * extent; a finding belongs to the innermost symbol holding its anchor. A file-wide finding
 * (architecture-review-stale) is the answer only when no item finding is.
 */
async function suspectAtCursor(document: vscode.TextDocument, cursor: vscode.Position, suspects: vscode.Diagnostic[]): Promise<vscode.Diagnostic | undefined> {
  const symbols = (await vscode.commands.executeCommand<(vscode.DocumentSymbol | vscode.SymbolInformation)[]>('vscode.executeDocumentSymbolProvider', document.uri)) ?? [];
  const ranges: vscode.Range[] = [];
  const walk = (list: (vscode.DocumentSymbol | vscode.SymbolInformation)[]) => {
    for (const symbol of list) {
      if ('range' in symbol) {
        ranges.push(symbol.range);
        walk(symbol.children ?? []);
      } else ranges.push(symbol.location.range);
    }
  };
  walk(symbols);
  const innermost = (position: vscode.Position) =>
    ranges.filter((range) => range.contains(position)).sort((a, b) => a.end.line - a.start.line - (b.end.line - b.start.line))[0];
  const item = innermost(cursor);
  const inItem = item ? suspects.filter((diagnostic) => codeOf(diagnostic) === 'item-changed-since-review' && innermost(anchorOf(diagnostic))?.isEqual(item)) : [];
  if (inItem.length === 1) return inItem[0];
  // The architecture as a whole: the cursor is anywhere in it.
  if (!inItem.length && suspects.length === 1 && codeOf(suspects[0]) === 'architecture-review-stale') return suspects[0];
  return undefined;
}

async function pickSuspect(document: vscode.TextDocument, suspects: vscode.Diagnostic[]): Promise<vscode.Diagnostic | undefined> {
  // Asked even for one: the cursor is elsewhere, and a stamp says a person reviewed that item.
  const picked = await vscode.window.showQuickPick(
    suspects.map((diagnostic) => ({ label: `Line ${anchorOf(diagnostic).line + 1}: ${document.lineAt(anchorOf(diagnostic).line).text.trim()}`, detail: diagnostic.message, diagnostic })),
    { title: 'Mark as Reviewed', placeHolder: 'Which reviewed item? (the cursor is in none of those changed since their review)' },
  );
  return picked?.diagnostic;
}
