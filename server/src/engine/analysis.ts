// Runs the rules over a workspace index and applies configuration and suppressions.
// Document-rule results are cached per parsed file, so an edit re-runs the document rules of the
// edited file only; workspace rules answer set-level questions and re-run when the index changes
// (those that declare the collections they read, only when one of those changed).
import type { Catalog } from './catalog';
import { DEFAULT_CONFIG, type ClauseGuideConfig } from './config';
import type { ParsedDocument } from './document';
import { RULES } from './rules';
import type { Rule, RuleFinding, WorkspaceRule } from './rules/rule';
import { suppressEdit } from './edits';
import { detached, plainRange } from './text';
import type { Finding, Fix, Range, TextEdit } from './types';
import { WorkspaceIndex } from './workspace';

export interface AnalyzerOptions {
  /** The rules to run (default: all of them). */
  rules?: readonly Rule[];
  /** Told when a rule throws: the other rules' findings still count, and the host logs the failure. */
  onRuleError?: (rule: Rule, error: unknown, uri?: string) => void;
  /** Whether findings carry their fixes (default true): a CI run never applies them, so it need not compute them. */
  fixes?: boolean;
}

export class Analyzer {
  private readonly documentFindings = new WeakMap<ParsedDocument, { config: ClauseGuideConfig; findings: Finding[] }>();
  /** Findings of the workspace rules that declare what they read, with those inputs, per index and rule. */
  private readonly workspaceFindings = new WeakMap<WorkspaceIndex, Map<Rule, { config: ClauseGuideConfig; inputs: unknown[]; generation: number; findings: Finding[] }>>();

  /** The last analysis of each index, per file: what went in and what came out. */
  private readonly results = new WeakMap<WorkspaceIndex, Map<string, FileResult>>();
  /** Completed findings per rule finding: rules that keep their findings between runs get the same completed ones back. */
  private readonly completed = new WeakMap<RuleFinding, { config: ClauseGuideConfig; parsed: ParsedDocument | undefined; finding: Finding }>();

  private readonly rules: readonly Rule[];
  private readonly onRuleError: (rule: Rule, error: unknown, uri?: string) => void;
  private readonly withFixes: boolean;

  constructor(
    private readonly catalog: Catalog,
    options: AnalyzerOptions = {},
  ) {
    this.rules = options.rules ?? RULES;
    this.onRuleError = options.onRuleError ?? (() => {});
    this.withFixes = options.fixes ?? true;
  }

  /** Runs one rule; a rule that throws yields no findings instead of sinking the whole analysis. */
  private run(rule: Rule, check: () => RuleFinding[], uri?: string): RuleFinding[] {
    try {
      return check();
    } catch (error) {
      this.onRuleError(rule, error, uri);
      return [];
    }
  }

  /**
   * Findings for every file of the index, keyed by uri (files without findings map to []). A file
   * whose findings are the same as in the previous analysis of this index keeps the same array, so
   * a host can skip it by identity.
   */
  analyze(workspace: WorkspaceIndex, config: ClauseGuideConfig = DEFAULT_CONFIG): Map<string, Finding[]> {
    const fromWorkspaceRules = new Map<string, Finding[]>();
    for (const rule of this.rules) {
      if (rule.scope !== 'workspace' || config.rules[rule.name] === 'off') continue;
      for (const finding of this.workspaceRuleFindings(rule, workspace, config)) {
        const list = fromWorkspaceRules.get(finding.uri);
        if (list) list.push(finding);
        else fromWorkspaceRules.set(finding.uri, [finding]);
      }
    }
    const previous = this.results.get(workspace);
    const results = new Map<string, FileResult>();
    const byUri = new Map<string, Finding[]>();
    for (const document of workspace.files()) {
      const uri = document.source.uri;
      const own = this.documentRuleFindings(document, workspace, config);
      // A file that does not parse is no evidence: rules reading its partial model would report
      // what it does record as missing. Its ids still count (the index keeps them), so other
      // files' references to them stay resolved.
      const others = parses(document) ? fromWorkspaceRules.get(uri) ?? NO_FINDINGS : NO_FINDINGS;
      const before = previous?.get(uri);
      const result =
        before && before.document === document && before.own === own && sameItems(before.others, others)
          ? before
          : { document, own, others, findings: sortFindings(this.applySuppressions(document, [...own, ...others])) };
      results.set(uri, result);
      byUri.set(uri, result.findings);
    }
    this.results.set(workspace, results);
    return byUri;
  }

  private workspaceRuleFindings(rule: WorkspaceRule, workspace: WorkspaceIndex, config: ClauseGuideConfig): Finding[] {
    const reads = rule.reads;
    const inputs = reads && [...(reads.collections ?? []).map((collection) => workspace.items(collection)), ...(reads.kinds ?? []).map((kind) => workspace.documentsOfKind(kind))];
    let byRule = this.workspaceFindings.get(workspace);
    const cached = byRule?.get(rule);
    if (
      inputs &&
      cached &&
      cached.config === config &&
      inputs.every((list, i) => list === cached.inputs[i]) &&
      (!reads.definitions || workspace.definitionsUnchangedSince(cached.generation))
    ) {
      return cached.findings;
    }
    const generation = workspace.generation;
    const findings = this.run(rule, () => rule.check({ catalog: this.catalog, workspace, config, fixes: this.withFixes })).map((finding) => this.complete(rule, finding, config, workspace));
    if (inputs) {
      if (!byRule) this.workspaceFindings.set(workspace, (byRule = new Map()));
      byRule.set(rule, { config, inputs, generation, findings });
    }
    return findings;
  }

  private documentRuleFindings(document: ParsedDocument, workspace: WorkspaceIndex, config: ClauseGuideConfig): Finding[] {
    const cached = this.documentFindings.get(document);
    if (cached && cached.config === config) return cached.findings;
    const model = workspace.model(document.source.uri) ?? null;
    const findings: Finding[] = [];
    const context = { catalog: this.catalog, workspace, config, fixes: this.withFixes, document, model };
    const parsesWell = parses(document);
    for (const rule of this.rules) {
      if (rule.scope !== 'document' || config.rules[rule.name] === 'off') continue;
      if (!parsesWell && !ABOUT_THE_FILE_ITSELF.has(rule.name)) continue;
      const check = () => rule.check(context);
      for (const finding of this.run(rule, check, document.source.uri)) findings.push(this.complete(rule, finding, config, workspace));
    }
    this.documentFindings.set(document, { config, findings });
    return findings;
  }

  private complete(rule: Rule, finding: RuleFinding, config: ClauseGuideConfig, workspace: WorkspaceIndex): Finding {
    const parsed = workspace.parsed(finding.uri);
    const cached = this.completed.get(finding);
    if (cached && cached.config === config && cached.parsed === parsed) return cached.finding;
    const configured = config.rules[rule.name];
    const severity = configured && configured !== 'off' ? configured : finding.severity ?? rule.defaultSeverity;
    // Model ranges are kept as offsets (OffsetRange); a finding is kept and compared often, so it gets plain positions once.
    const range = plainRange(finding.range);
    // A finding outlives the text it was found in: its strings are copies, as a rule may have cut
    // them from the file, and a slice keeps the whole text (see `detached`).
    const related = finding.related?.map((location) => ({ ...location, range: plainRange(location.range), message: detached(location.message) }));
    const completed: Finding = { ...finding, message: detached(finding.message), range, ...(related ? { related } : {}), rule: rule.name, clause: rule.clause, severity, fixes: undefined };
    if (this.withFixes) setFixesWhenRead(completed, () => withSuppressFix(rule, finding, range, parsed)?.map(detachedFix));
    this.completed.set(finding, { config, parsed, finding: completed });
    return completed;
  }

  private applySuppressions(document: ParsedDocument, findings: Finding[]): Finding[] {
    const { suppressions } = document;
    if (!suppressions.length) return findings;
    return findings.filter(
      (finding) =>
        finding.rule === 'suppression-without-reason' ||
        !suppressions.some((s) => s.targetLine === finding.range.start.line && s.rules.includes(finding.rule)),
    );
  }
}

interface FileResult {
  document: ParsedDocument;
  own: Finding[];
  others: Finding[];
  findings: Finding[];
}

const NO_FINDINGS: Finding[] = [];

/** The rules that still speak about a file that does not parse: they are about the file, not its content. */
const ABOUT_THE_FILE_ITSELF = new Set(['syntax-error', 'file-too-large']);

function parses(document: ParsedDocument): boolean {
  return document.syntaxProblems.length === 0;
}

/**
 * Makes `fixes` be worked out when first read (then kept). The suppress fix reads the finding's
 * line, and for a file no editor shows, that means unpacking its text: a first analysis of 5,000
 * files did so 3,000 times, for fixes nobody asks for until a code action on an open file. The
 * document is the one the finding was made from, so a later edit cannot shift the fix.
 */
function setFixesWhenRead(finding: Finding, fixes: () => Fix[] | undefined): void {
  const keep = (value: Fix[] | undefined) => Object.defineProperty(finding, 'fixes', { value, writable: true, enumerable: true, configurable: true });
  Object.defineProperty(finding, 'fixes', {
    get: () => {
      keep(fixes());
      return finding.fixes;
    },
    set: keep,
    enumerable: true,
    configurable: true,
  });
}

function detachedFix(fix: Fix): Fix {
  const edits: Record<string, TextEdit[]> = {};
  for (const uri of Object.keys(fix.edits)) edits[uri] = fix.edits[uri].map((edit) => ({ ...edit, newText: detached(edit.newText) }));
  return { ...fix, title: detached(fix.title), edits };
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

// Every finding can be suppressed with a reason, except those a suppression cannot fix (a file
// too large to read cannot be searched for its suppression comments either).
const UNSUPPRESSIBLE = new Set(['syntax-error', 'suppression-without-reason', 'file-too-large']);

// Rules supply only their mechanical fixes; the suppress fix is added here, once for all rules.
function withSuppressFix(rule: Rule, finding: RuleFinding, range: Range, parsed: ParsedDocument | undefined): Fix[] | undefined {
  if (UNSUPPRESSIBLE.has(rule.name) || !parsed) return finding.fixes;
  const fixes = finding.fixes ?? [];
  if (fixes.some((fix) => fix.title.startsWith('Suppress'))) return fixes;
  const edit = suppressEdit({ parsed }, rule.name, range);
  if (!edit) return fixes;
  return [...fixes, { title: `Suppress ${rule.name} on this line (with a reason)`, edits: { [finding.uri]: [edit] } }];
}

function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0),
  );
}

/** Findings for a single file checked on its own (set-level rules see only this file). */
export function checkDocument(document: ParsedDocument, catalog: Catalog, config: ClauseGuideConfig = DEFAULT_CONFIG): Finding[] {
  const index = new WorkspaceIndex();
  index.update(document);
  return new Analyzer(catalog).analyze(index, config).get(document.source.uri) ?? [];
}
