// "Clause Guide: Find Clause": fuzzy search over number, title and summary (fuse.js, shared with the
// engine's search), then insert a reference at the cursor or open the clause.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ClauseListRequest, type ClauseSummary } from '../../common/protocol';
import { createClauseSearch } from '../../server/src/engine/search';
import { openClause } from './clauseDocument';

interface ClauseItem extends vscode.QuickPickItem {
  clause: ClauseSummary;
}

const OPEN_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('book'), tooltip: 'Open the clause' };

export function registerFindClause(client: LanguageClient): vscode.Disposable {
  return vscode.commands.registerCommand('clauseGuide.findClause', async () => {
    const clauses = await client.sendRequest(ClauseListRequest);
    const search = createClauseSearch(clauses);
    const editor = vscode.window.activeTextEditor;
    const canInsert = !!editor && ['yaml', 'markdown'].includes(editor.document.languageId);

    const pick = vscode.window.createQuickPick<ClauseItem>();
    pick.title = 'Find an IEC 81001-5-1 clause';
    pick.placeholder = canInsert
      ? 'Number, title or topic (e.g. "threat model", "5.3") — Enter inserts a reference, the book opens the clause'
      : 'Number, title or topic (e.g. "threat model", "5.3") — Enter opens the clause';
    pick.matchOnDescription = true;
    pick.matchOnDetail = true;
    const toItem = (clause: ClauseSummary): ClauseItem => ({
      label: `§${clause.id}`,
      description: clause.title,
      detail: clause.summary,
      // Ranking is fuse.js's: keep every result visible instead of VS Code's own label filter.
      alwaysShow: true,
      buttons: [OPEN_BUTTON],
      clause,
    });
    const refresh = () => {
      pick.items = search.search(pick.value, 60).map(toItem);
    };
    refresh();

    const disposables: vscode.Disposable[] = [
      pick.onDidChangeValue(refresh),
      pick.onDidTriggerItemButton(async (event) => {
        pick.hide();
        await openClause(event.item.clause.id);
      }),
      pick.onDidAccept(async () => {
        const [selected] = pick.selectedItems;
        pick.hide();
        if (!selected) return;
        if (canInsert && editor) {
          await editor.edit((edit) => {
            for (const selection of editor.selections) edit.replace(selection, `§${selected.clause.id}`);
          });
        } else {
          await openClause(selected.clause.id);
        }
      }),
      pick.onDidHide(() => {
        disposables.forEach((d) => d.dispose());
        pick.dispose();
      }),
    ];
    pick.show();
  });
}
