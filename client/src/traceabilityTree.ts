// The "Traceability" view: threat → controls → requirements → verification, as the server builds
// it. Click: the item's definition. A threat no control mitigates or no requirement names, and a
// requirement with no verification, are marked: an error icon and "GAP: …" in words.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { TraceabilityTreeRequest, type TraceNodeDto } from '../../common/protocol';
import { openLocation } from './locations';
import { projectParams } from './project';
import type { Summaries } from './summaries';

export const TRACEABILITY_VIEW = 'clauseGuide.traceability';

interface Node {
  dto: TraceNodeDto;
  /** Path of ids from the root: an item appears under several parents, and each place needs its own tree id. */
  path: string;
}

const KIND_ICON: Record<TraceNodeDto['kind'], vscode.ThemeIcon> = {
  threat: new vscode.ThemeIcon('warning'),
  control: new vscode.ThemeIcon('shield'),
  requirement: new vscode.ThemeIcon('checklist'),
  verification: new vscode.ThemeIcon('beaker'),
};

export class TraceabilityTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<Node>;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly client: LanguageClient, summaries: Summaries) {
    this.view = vscode.window.createTreeView(TRACEABILITY_VIEW, { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(
      this.view,
      this.changed,
      summaries.onDidSettle(() => this.refresh()),
      vscode.commands.registerCommand('clauseGuide.traceability.refresh', () => this.refresh()),
      vscode.commands.registerCommand('clauseGuide.traceability.open', (location) => location && openLocation(location)),
    );
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  async getChildren(node?: Node): Promise<Node[]> {
    // The index keeps ids unique even if one item is listed twice under the same parent.
    if (node) return node.dto.children.map((dto, index) => ({ dto, path: `${node.path}/${index}:${dto.kind}:${dto.id}` }));
    const roots = await this.client.sendRequest(TraceabilityTreeRequest, projectParams()).catch(() => []);
    return roots.map((dto, index) => ({ dto, path: `${index}:${dto.kind}:${dto.id}` }));
  }

  getTreeItem({ dto, path }: Node): vscode.TreeItem {
    // The label names the item ("TH-004 — Tampered update package"); verification ids have only the id.
    const item = new vscode.TreeItem(dto.label || dto.id, dto.children.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = path;
    const gaps = dto.gaps ?? [];
    item.iconPath = gaps.length ? new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')) : (KIND_ICON[dto.kind] ?? new vscode.ThemeIcon('circle-outline'));
    item.contextValue = gaps.length ? `${dto.kind}-gap` : dto.kind;
    if (gaps.length) item.description = `GAP: ${gaps.join('; ')}`;
    item.tooltip = `${dto.kind}: ${dto.label || dto.id}${dto.location ? '' : ' (not defined in any document)'}${gaps.length ? `\nGap: ${gaps.join('; ')}` : ''}`;
    if (dto.location) item.command = { command: 'clauseGuide.traceability.open', title: 'Open', arguments: [dto.location] };
    return item;
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}
