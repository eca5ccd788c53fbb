// Plain data types of the engine. They match the LSP shapes structurally (0-based lines and
// UTF-16 characters) so the server passes them through, but the engine imports nothing from LSP.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface TextEdit {
  range: Range;
  newText: string;
}

/** A mechanical edit that resolves (or suppresses) a finding. */
export interface Fix {
  title: string;
  /** Edits keyed by document uri; most fixes touch only the finding's own document. Empty for a fix that only runs a command. */
  edits: Record<string, TextEdit[]>;
  isPreferred?: boolean;
  /** A command of the editor extension to run (after the edits): opening a view, or a generator that writes files. */
  command?: { command: string; arguments?: unknown[] };
}

export interface RelatedLocation {
  uri: string;
  range: Range;
  message: string;
}

export interface Finding {
  uri: string;
  /** Rule name, used as the diagnostic code. */
  rule: string;
  /** The clause the rule serves, or null for rules about the file itself. */
  clause: string | null;
  severity: Severity;
  range: Range;
  message: string;
  related?: RelatedLocation[];
  /**
   * The fixes, worked out when called: a host calls this when it offers them (a code action).
   * Analysing, copying (`{ ...finding }`) or serialising a finding works out none.
   */
  fixes?: () => Fix[];
}

/** A file handed to the engine by its host. */
export interface SourceDocument {
  uri: string;
  /** 'yaml' | 'markdown'; hosts derive it from the language id or the file extension. */
  languageId: string;
  version: number;
  text: string;
  /**
   * Set by a host that did not read the file's text (it is over the size limit): the engine then
   * parses nothing and the file-too-large rule reports why. `text` is '' (or ignored).
   */
  skipped?: SkippedFile;
}

export interface SkippedFile {
  reason: 'too-large';
  /** The file's size in bytes. */
  bytes: number;
  /** The limit it exceeded, in bytes. */
  limit: number;
  /** The limit is the ceiling: .clause-guide.yaml asked for more, which only the user's own setting can allow. */
  capped?: boolean;
}

/** A finding a suppression comment hides, with the comment's reason ('' when it gives none) and where the comment is. */
export interface SuppressedFinding {
  finding: Finding;
  reason: string;
  comment: Range;
}
