// Types and messages shared by the VS Code client and the language server (one place, as in vscode-eslint).
import { RequestType, RequestType0 } from 'vscode-languageserver-protocol';

/** The configuration section the server pulls per resource through `workspace/configuration`. */
export const SETTINGS_SECTION = 'clauseGuide';

export interface ClauseGuideSettings {
  /** Path (absolute, or relative to the workspace folder) of the user's own copy of the clause text. */
  clauseTextFile: string;
}

export const DEFAULT_SETTINGS: ClauseGuideSettings = { clauseTextFile: '' };

export interface ClauseSummary {
  id: string;
  title: string;
  summary: string;
  parent: string | null;
  phase: string;
  iec62443_4_1: string[];
}

/** The whole catalog, for clients that search or list it (Find Clause, coverage view). */
export const ClauseListRequest = new RequestType0<ClauseSummary[], void>('clauseGuide/clauses');

export interface ClauseMarkdownParams {
  id: string;
  /** The document the user works in: its settings decide whether official text is shown. */
  uri?: string;
}

/** One clause rendered as Markdown, exactly as hover shows it. */
export const ClauseMarkdownRequest = new RequestType<ClauseMarkdownParams, string | null, void>('clauseGuide/clauseMarkdown');
