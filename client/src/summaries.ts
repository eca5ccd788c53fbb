// The server's per-project summaries (SummaryNotification, sent after each analysis). The status
// bar, the views and the code lenses read the summary of the project the user is in and refresh
// when it changes.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { SummaryNotification, type SummaryDto } from '../../common/protocol';
import { onDidChangeProjectDocument, projectUri } from './project';

export class Summaries implements vscode.Disposable {
  private readonly byRoot = new Map<string, SummaryDto>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  /** Fires when a summary arrives or the user moves to another project's document. */
  readonly onDidChange = this.changed.event;

  constructor(client: LanguageClient) {
    this.disposables.push(
      client.onNotification(SummaryNotification, (summary) => {
        this.byRoot.set(summary.root ?? '', summary);
        this.changed.fire();
      }),
      onDidChangeProjectDocument(() => this.changed.fire()),
    );
  }

  /**
   * Calls `refresh` once per burst of summaries: the server sends one after every analysis, and a
   * view needs at most one reload per burst.
   */
  onDidSettle(refresh: () => void, delayMs = 300): vscode.Disposable {
    let pending: NodeJS.Timeout | undefined;
    const listener = this.onDidChange(() => {
      clearTimeout(pending);
      pending = setTimeout(refresh, delayMs);
    });
    return { dispose: () => (clearTimeout(pending), listener.dispose()) };
  }

  /** The summary of the project holding the current document (the deepest root containing it), else the first. */
  current(): SummaryDto | undefined {
    const uri = projectUri()?.toString();
    let best: SummaryDto | undefined;
    for (const [root, summary] of this.byRoot) {
      if (uri && root && (uri === root || uri.startsWith(root.endsWith('/') ? root : `${root}/`)) && root.length > (best?.root?.length ?? -1)) best = summary;
    }
    return best ?? this.byRoot.values().next().value;
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}
