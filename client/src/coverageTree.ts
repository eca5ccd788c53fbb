// The "Clause Coverage" view: chapters → clauses → the clause's evidence criteria. A clause is
// covered (every criterion met by content), tailored (a decided entry), pending (an entry that is
// not a decision yet), claimed (cited, criteria unmet) or missing; icon, label and tooltip say which
// in words. A criterion opens the statement that met it. A clause opens its evidence, its tailoring
// entry, or the tailoring record (the place to decide it) when there is one, else the clause itself.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ClauseListRequest, CoverageRequest, type CoverageDto, type CoverageEntryDto, type LocationDto } from '../../common/protocol';
import { openClause } from './clauseDocument';
import { coverageTooltip } from './coverageTooltip';
import { openLocation } from './locations';
import { projectParams } from './project';
import type { Summaries } from './summaries';

export const COVERAGE_VIEW = 'clauseGuide.coverage';
export const OPEN_COVERAGE_ITEM = 'clauseGuide.coverage.open';

type Criterion = CoverageEntryDto['criteria'][number];
type Node =
  | { kind: 'chapter'; chapter: string; title: string; entries: CoverageEntryDto[] }
  | { kind: 'clause'; entry: CoverageEntryDto }
  | { kind: 'criterion'; entry: CoverageEntryDto; criterion: Criterion; index: number };

const STATUS_ICON: Record<CoverageEntryDto['status'], vscode.ThemeIcon> = {
  covered: new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed')),
  tailored: new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('charts.blue')),
  pending: new vscode.ThemeIcon('clock', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  claimed: new vscode.ThemeIcon('circle-large-outline', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  missing: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
};
const MET_ICON = new vscode.ThemeIcon('check', new vscode.ThemeColor('testing.iconPassed'));
const UNMET_ICON = new vscode.ThemeIcon('close', new vscode.ThemeColor('problemsWarningIcon.foreground'));

export class CoverageTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private coverage: CoverageDto | null = null;
  private chapterTitles: Map<string, string> | undefined;
  readonly view: vscode.TreeView<Node>;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly client: LanguageClient, summaries: Summaries) {
    this.view = vscode.window.createTreeView(COVERAGE_VIEW, { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(
      this.view,
      this.changed,
      summaries.onDidSettle(() => this.refresh()),
      vscode.commands.registerCommand(OPEN_COVERAGE_ITEM, (entry: CoverageEntryDto) => this.open(entry)),
      vscode.commands.registerCommand('clauseGuide.coverage.openLocation', (location: LocationDto) => openLocation(location)),
      vscode.commands.registerCommand('clauseGuide.coverage.refresh', () => this.refresh()),
      vscode.commands.registerCommand('clauseGuide.coverage.openClause', (node?: Node) => node?.kind === 'clause' && openClause(node.entry.id)),
    );
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (node?.kind === 'chapter') return node.entries.map((entry) => ({ kind: 'clause', entry }));
    if (node?.kind === 'clause') return node.entry.criteria.map((criterion, index) => ({ kind: 'criterion', entry: node.entry, criterion, index }));
    if (node) return [];
    // A server that is restarting (or gave up) answers nothing: show an empty tree, not an error.
    this.coverage = await this.client.sendRequest(CoverageRequest, projectParams()).catch(() => null);
    const clauses = this.coverage?.clauses ?? [];
    const done = clauses.filter((entry) => entry.status === 'covered' || entry.status === 'tailored').length;
    this.view.description = clauses.length ? `${done}/${clauses.length}` : undefined;
    if (!clauses.length) return [];
    const titles = await this.chapters();
    const byChapter = new Map<string, CoverageEntryDto[]>();
    for (const entry of clauses) byChapter.set(entry.chapter, [...(byChapter.get(entry.chapter) ?? []), entry]);
    return [...byChapter].map(([chapter, entries]) => ({ kind: 'chapter', chapter, title: titles.get(chapter) ?? '', entries }));
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'criterion') {
      const { criterion } = node;
      const item = new vscode.TreeItem(criterion.text, vscode.TreeItemCollapsibleState.None);
      item.id = `criterion:${node.entry.id}:${node.index}`;
      item.iconPath = criterion.met ? MET_ICON : UNMET_ICON;
      item.description = criterion.met ? criterion.where.map((where) => where.what).slice(0, 2).join(', ') : `missing: ${criterion.missing ?? ''}`;
      item.tooltip = criterion.met ? `Met by ${criterion.where.map((where) => where.what).join(', ')}` : `Not met: ${criterion.missing ?? ''}`;
      item.accessibilityInformation = { label: `${criterion.met ? 'met' : 'not met'}: ${criterion.text}` };
      if (criterion.where[0]) item.command = { command: 'clauseGuide.coverage.openLocation', title: 'Open', arguments: [criterion.where[0]] };
      return item;
    }
    if (node.kind === 'chapter') {
      const missing = node.entries.filter((entry) => entry.status !== 'covered' && entry.status !== 'tailored').length;
      const item = new vscode.TreeItem(
        /^[A-Z]$/.test(node.chapter) ? `Annex ${node.chapter} ${node.title}` : `${node.chapter} ${node.title}`,
        missing ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
      );
      item.id = `chapter:${node.chapter}`;
      item.description = `${node.entries.length - missing}/${node.entries.length}`;
      item.iconPath = missing ? STATUS_ICON.missing : STATUS_ICON.covered;
      item.contextValue = 'chapter';
      return item;
    }
    const { entry } = node;
    const item = new vscode.TreeItem(entry.id, entry.criteria.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = `clause:${entry.id}`;
    item.description = `${entry.title} — ${entry.status}`;
    item.iconPath = STATUS_ICON[entry.status];
    item.contextValue = `clause.${entry.status}`;
    item.tooltip = new vscode.MarkdownString(coverageTooltip(entry));
    item.accessibilityInformation = { label: `Clause ${entry.id} ${entry.title}, ${entry.status}` };
    item.command = { command: OPEN_COVERAGE_ITEM, title: 'Open', arguments: [entry] };
    return item;
  }

  private async open(entry: CoverageEntryDto): Promise<void> {
    const target = entry.tailoring ?? (entry.status === 'covered' ? entry.evidence[0] : entry.citations[0] ?? this.tailoringRecord());
    if (target) await openLocation(target);
    else await openClause(entry.id);
  }

  /** Where tailoring entries live: the record of any tailored clause. */
  private tailoringRecord(): LocationDto | undefined {
    return this.coverage?.clauses.find((entry) => entry.tailoring)?.tailoring;
  }

  private async chapters(): Promise<Map<string, string>> {
    if (!this.chapterTitles) {
      const clauses = await this.client.sendRequest(ClauseListRequest).catch(() => undefined);
      if (!clauses) return new Map();
      this.chapterTitles = new Map(clauses.filter((clause) => clause.parent === null).map((clause) => [clause.id, clause.title]));
    }
    return this.chapterTitles;
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}
