// The "Components" view: the SBOM components of the project by support status (end of support
// passed, no support data, supported), as the server judges them for component-end-of-support-passed
// and component-support-missing. Click: the component in its SBOM.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ComponentsRequest, type ComponentDto } from '../../common/protocol';
import { openLocation } from './locations';
import { projectParams } from './project';
import type { Summaries } from './summaries';

export const COMPONENTS_VIEW = 'clauseGuide.components';

type Status = ComponentDto['status'];
type Node = { kind: 'status'; status: Status; components: ComponentDto[] } | { kind: 'component'; component: ComponentDto; index: number };

const STATUS_LABEL: Record<Status, string> = {
  'end-of-support-passed': 'End of support passed',
  'support-missing': 'No support level or end-of-support date',
  supported: 'Supported',
};

const STATUS_ICON: Record<Status, vscode.ThemeIcon> = {
  'end-of-support-passed': new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')),
  'support-missing': new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')),
  supported: new vscode.ThemeIcon('pass'),
};

export class ComponentsTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly client: LanguageClient, summaries: Summaries) {
    const view = vscode.window.createTreeView(COMPONENTS_VIEW, { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(
      view,
      this.changed,
      summaries.onDidSettle(() => this.changed.fire(undefined)),
      vscode.commands.registerCommand('clauseGuide.components.refresh', () => this.changed.fire(undefined)),
      vscode.commands.registerCommand('clauseGuide.components.open', (location) => location && openLocation(location)),
    );
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (node?.kind === 'status') return node.components.map((component, index) => ({ kind: 'component', component, index }));
    if (node) return [];
    const components = await this.client.sendRequest(ComponentsRequest, projectParams()).catch(() => [] as ComponentDto[]);
    const groups: Node[] = [];
    for (const status of Object.keys(STATUS_LABEL) as Status[]) {
      const of = components.filter((component) => component.status === status);
      if (of.length) groups.push({ kind: 'status', status, components: of });
    }
    return groups;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'status') {
      const item = new vscode.TreeItem(STATUS_LABEL[node.status], node.status === 'supported' ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded);
      item.id = node.status;
      item.iconPath = STATUS_ICON[node.status];
      item.description = String(node.components.length);
      return item;
    }
    const { component } = node;
    const item = new vscode.TreeItem(component.label, vscode.TreeItemCollapsibleState.None);
    item.id = `${component.status}/${node.index}:${component.purl ?? component.label}`;
    item.iconPath = STATUS_ICON[component.status];
    item.description = [component.level ?? 'no support level', component.endOfSupport ? `until ${component.endOfSupport}` : 'no end-of-support date'].join(' · ');
    item.tooltip = [
      component.label,
      component.purl && `purl: ${component.purl}`,
      `supplier: ${component.supplier ?? 'not stated'}`,
      `level of support: ${component.level ?? 'not stated'}`,
      `end of support: ${component.endOfSupport ?? 'not stated'}`,
      component.statedIn && `stated in ${vscode.workspace.asRelativePath(vscode.Uri.parse(component.statedIn))}`,
    ]
      .filter(Boolean)
      .join('\n');
    item.command = { command: 'clauseGuide.components.open', title: 'Open', arguments: [component.location] };
    return item;
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}
