// Code lenses on the `kind:` line of the records a command writes or reads: the tailoring record
// offers the update, the architecture its diagram, the release record the readiness check, the
// requirement and threat documents the traceability export.
import * as vscode from 'vscode';
import { CHECK_RELEASE_READINESS } from './releaseReadiness';
import { SHOW_ARCHITECTURE_DIAGRAM } from './architectureDiagram';
import { SHOW_COVERAGE } from './coverageReport';
import { GENERATE_TAILORING_RECORD } from './tailoring';
import { EXPORT_TRACEABILITY } from './traceabilityExport';
import type { Summaries } from './summaries';

/** The top-level `kind:` of a YAML document, or of a Markdown document's front matter, and its line. */
export function documentKind(text: string, languageId: string): { kind: string; line: number } | undefined {
  const lines = text.split(/\r?\n/, 400);
  let end = lines.length;
  if (languageId === 'markdown') {
    if (lines[0]?.trim() !== '---') return undefined;
    end = lines.findIndex((line, index) => index > 0 && /^(---|\.\.\.)\s*$/.test(line));
    if (end < 0) return undefined;
  }
  for (let line = 0; line < end; line++) {
    const match = /^kind:\s*["']?([a-z-]+)["']?\s*(?:#.*)?$/.exec(lines[line]);
    if (match) return { kind: match[1], line };
  }
  return undefined;
}

export class RecordCodeLenses implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly summaries: Summaries) {}

  register(): vscode.Disposable {
    const selector: vscode.DocumentSelector = ['yaml', 'markdown'].flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]);
    return vscode.Disposable.from(
      vscode.languages.registerCodeLensProvider(selector, this),
      this.summaries.onDidChange(() => this.changed.fire()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire()),
      this.changed,
    );
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const found = documentKind(document.getText(), document.languageId);
    if (!found) return [];
    const range = new vscode.Range(found.line, 0, found.line, 0);
    const lens = (title: string, command: string, tooltip: string) => new vscode.CodeLens(range, { title, command, tooltip });
    switch (found.kind) {
      case 'tailoring-record': {
        const missing = this.summaries.current()?.missing;
        const lenses = [lens('$(graph) Show Coverage', SHOW_COVERAGE, 'Per clause: covered, tailored or missing')];
        if (vscode.workspace.isTrusted) {
          const title = missing ? `$(add) Add entries for ${missing} uncovered clause${missing === 1 ? '' : 's'}` : '$(add) Generate Tailoring Record';
          lenses.unshift(lens(title, GENERATE_TAILORING_RECORD, 'Add an entry for every clause with neither evidence nor an entry'));
        }
        return lenses;
      }
      case 'security-architecture':
        return [lens('$(type-hierarchy) Show Architecture Diagram', SHOW_ARCHITECTURE_DIAGRAM, 'Zones, trust boundaries and their controls')];
      case 'release-record':
        return [lens('$(checklist) Check Release Readiness', CHECK_RELEASE_READINESS, 'What blocks this release under §5.8')];
      case 'security-requirements':
      case 'threat-model':
        return [lens('$(export) Export Traceability', EXPORT_TRACEABILITY, 'Requirement → threat → control → verification, as CSV or Markdown')];
      case 'lifecycle-plan':
        return [lens('$(graph) Show Coverage', SHOW_COVERAGE, 'Per clause: covered, tailored or missing')];
      default:
        return [];
    }
  }
}
