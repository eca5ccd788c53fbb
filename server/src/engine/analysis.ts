// Runs the rules over a workspace index and applies configuration and suppressions.
// Document-rule results are cached per parsed file, so an edit re-runs the document rules of the
// edited file only; workspace rules answer set-level questions and re-run when the index changes
// (those that declare the collections they read, only when one of those changed); item rules are
// checked per item, and only the items of a changed file are checked again.
import type { Catalog } from './catalog';
import type { EvidenceOptions } from './criteria';
import { DEFAULT_CONFIG, type ClauseGuideConfig } from './config';
import type { ParsedDocument } from './document';
import { RULES } from './rules';
import type { ModelItem } from './model';
import type { DocumentRuleContext, ItemRule, Rule, RuleFinding, WorkspaceRule, WorkspaceView } from './rules/rule';
import { guardedEvidence, workspaceView } from './rules/view';
import { suppressEdit } from './edits';
import { detached, plainRange } from './text';
import type { Finding, Fix, Range, SuppressedFinding } from './types';
import { WorkspaceIndex } from './workspace';

export interface AnalyzerOptions {
  /** The rules to run (default: all of them). */
  rules?: readonly Rule[];
  /** Told when a rule throws (or reads what it did not declare): the other rules' findings still count, and the host logs the failure. */
  onRuleError?: (rule: Rule, error: unknown, uri?: string) => void;
  /**
   * The host analyses each index once and keeps every file's text until it exits (the CLI): a
   * finding's strings are not copied off the file's text (see `detached`), and completed findings
   * are not remembered for a next analysis. At 1,500 generated documents (25,000 findings) those
   * two were a fifth of the analysis' time.
   */
  oneShot?: boolean;
}

export class Analyzer {
  private readonly documentFindings = new WeakMap<ParsedDocument, { config: ClauseGuideConfig; findings: Finding[] }>();
  /** Per index and workspace rule: the view its check reads through, and its last findings with what they were made from. */
  private readonly workspaceRuns = new WeakMap<WorkspaceIndex, Map<Rule, WorkspaceRun>>();
  /** Per index and item rule: each item's findings, kept while the rule's declared reads are unchanged. */
  private readonly itemRuns = new WeakMap<WorkspaceIndex, Map<Rule, ItemRun>>();
  /** Per chunk of a rule's findings: its findings split by file (see byFile). */
  private readonly splitChunks = new WeakMap<Finding[], [string, Finding[]][]>();

  /** The last analysis of each index, per file: what went in and what came out. */
  private readonly results = new WeakMap<WorkspaceIndex, Map<string, FileResult>>();
  /** Completed findings per rule finding: rules that keep their findings between runs get the same completed ones back. */
  private readonly completed = new WeakMap<RuleFinding, { config: ClauseGuideConfig; parsed: ParsedDocument | undefined; finding: Finding }>();

  private readonly rules: readonly Rule[];
  private readonly onRuleError: (rule: Rule, error: unknown, uri?: string) => void;
  private readonly oneShot: boolean;

  constructor(
    private readonly catalog: Catalog,
    options: AnalyzerOptions = {},
  ) {
    this.rules = options.rules ?? RULES;
    this.onRuleError = options.onRuleError ?? (() => {});
    this.oneShot = options.oneShot === true;
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
  analyze(workspace: WorkspaceIndex, config: ClauseGuideConfig = DEFAULT_CONFIG, evidence: EvidenceOptions = {}): Map<string, Finding[]> {
    // Each workspace rule's findings per file, as parts: a rule's findings come in chunks (the whole
    // list of a workspace rule, one chunk per document for an item rule), each split by file once
    // and kept while the chunk is the same. A file whose parts are the same arrays as in the last
    // analysis keeps its result without a look at its findings, so a keystroke costs the parts that
    // changed, not every finding of the workspace.
    const partsByUri = new Map<string, Finding[][]>();
    for (const rule of this.rules) {
      if (rule.scope !== 'workspace' || config.rules[rule.name] === 'off') continue;
      const chunks = rule.eachItemOf === undefined ? [this.workspaceRuleFindings(rule, workspace, config, evidence)] : this.itemRuleChunks(rule, workspace, config, evidence);
      for (const chunk of chunks) {
        for (const [uri, part] of this.byFile(chunk)) {
          const parts = partsByUri.get(uri);
          if (parts) parts.push(part);
          else partsByUri.set(uri, [part]);
        }
      }
    }
    const previous = this.results.get(workspace);
    // The last analysis' map is updated in place (a key set again allocates nothing; a new map of
    // every file was a tenth of a keystroke's garbage); each file's entry is read before it is set.
    const results = previous ?? new Map<string, FileResult>();
    const byUri = new Map<string, Finding[]>();
    for (const document of workspace.files()) {
      const uri = document.source.uri;
      const own = this.documentRuleFindings(document, workspace, config);
      // A file that does not parse is no evidence: rules reading its partial model would report
      // what it does record as missing. Its ids still count (the index keeps them), so other
      // files' references to them stay resolved.
      const parts = parses(document) ? partsByUri.get(uri) ?? NO_PARTS : NO_PARTS;
      const before = previous?.get(uri);
      let result: FileResult;
      if (before && before.document === document && before.own === own && sameItems(before.parts, parts)) result = before;
      else {
        const others = parts.length === 1 ? parts[0] : parts.flat();
        // The same findings in new parts (a workspace rule that re-ran and found the same): the same result, so the host sees no change.
        result = before && before.document === document && before.own === own && sameItems(before.others, others) ? { ...before, parts } : this.fileResult(document, own, others, parts);
      }
      results.set(uri, result);
      byUri.set(uri, result.findings);
    }
    // Files that left the workspace since.
    if (results.size !== byUri.size) for (const uri of results.keys()) if (!byUri.has(uri)) results.delete(uri);
    this.results.set(workspace, results);
    return byUri;
  }

  /** A chunk of a rule's findings split by the file each is on (in order), made once per chunk: a chunk on one file is its own part. */
  private byFile(chunk: Finding[]): [string, Finding[]][] {
    let split = this.splitChunks.get(chunk);
    if (split) return split;
    if (!chunk.length) split = [];
    else if (chunk.every((finding) => finding.uri === chunk[0].uri)) split = [[chunk[0].uri, chunk]];
    else {
      const byUri = new Map<string, Finding[]>();
      for (const finding of chunk) {
        const list = byUri.get(finding.uri);
        if (list) list.push(finding);
        else byUri.set(finding.uri, [finding]);
      }
      split = [...byUri];
    }
    this.splitChunks.set(chunk, split);
    return split;
  }

  private workspaceRuleFindings(rule: WorkspaceRule, workspace: WorkspaceIndex, config: ClauseGuideConfig, evidence: EvidenceOptions): Finding[] {
    let runs = this.workspaceRuns.get(workspace);
    if (!runs) this.workspaceRuns.set(workspace, (runs = new Map()));
    let run = runs.get(rule);
    if (!run) runs.set(rule, (run = { view: workspaceView(workspace, rule.name, rule.reads) }));
    const inputs = declaredInputs(rule, workspace);
    const last = run.last;
    if (inputs && last && sameReads(rule, workspace, last, inputs, config, evidence)) return last.findings;
    const generation = workspace.generation;
    const view = run.view;
    const seen = declaredEvidence(rule, evidence);
    let findings = this.run(rule, () => rule.check({ catalog: this.catalog, workspace: view, config, evidence: guardedEvidence(rule.name, rule.reads, seen) })).map((finding) => this.complete(rule, finding, config, workspace));
    // A rule that re-ran and found the same (its findings keep their completed objects) gives the
    // same list back, so the files it reports on compare unchanged by identity (see analyze).
    if (run.previous && sameItems(run.previous, findings)) findings = run.previous;
    run.previous = findings;
    run.last = inputs && { config, inputs, generation, findings, evidence: seen };
    return findings;
  }

  /**
   * An item rule's findings, one chunk per document holding the collection, in document order:
   * each item is checked on its own, and a document whose items were checked since the rule's
   * declared reads last changed keeps its chunk (the same array of the same findings, so the files
   * they are on compare unchanged by identity and are not published again). A model's items are
   * made anew with the model, so a chunk per document's item list holds exactly what one per item would.
   */
  private itemRuleChunks(rule: ItemRule, workspace: WorkspaceIndex, config: ClauseGuideConfig, evidence: EvidenceOptions): Finding[][] {
    let runs = this.itemRuns.get(workspace);
    if (!runs) this.itemRuns.set(workspace, (runs = new Map()));
    let run = runs.get(rule);
    if (!run) runs.set(rule, (run = { view: workspaceView(workspace, rule.name, rule.reads), byDocument: new WeakMap() }));
    const inputs = declaredInputs(rule, workspace);
    const items = workspace.items(rule.eachItemOf);
    const last = run.last;
    const unchangedReads = inputs !== undefined && last !== undefined && sameReads(rule, workspace, last, inputs, config, evidence);
    if (unchangedReads && last.items === items) return last.chunks;
    // What an item was found to have holds only while what the rule read besides it is the same.
    if (!unchangedReads) run.byDocument = new WeakMap();
    const { byDocument, view } = run;
    const generation = workspace.generation;
    const seen = declaredEvidence(rule, evidence);
    const guarded = guardedEvidence(rule.name, rule.reads, seen);
    const chunks: Finding[][] = [];
    for (const document of workspace.documents()) {
      const own = document.collections[rule.eachItemOf]?.items;
      if (!own?.length) continue;
      let chunk = byDocument.get(own);
      if (!chunk) {
        chunk = [];
        for (const item of own) {
          for (const finding of this.run(rule, () => rule.check({ catalog: this.catalog, workspace: view, config, evidence: guarded, item, document }), item.uri)) chunk.push(this.complete(rule, finding, config, workspace));
        }
        byDocument.set(own, chunk);
      }
      if (chunk.length) chunks.push(chunk);
    }
    run.last = inputs && { config, inputs, generation, evidence: seen, items, chunks };
    return chunks;
  }

  private documentRuleFindings(document: ParsedDocument, workspace: WorkspaceIndex, config: ClauseGuideConfig): Finding[] {
    const cached = this.documentFindings.get(document);
    if (cached && cached.config === config) return cached.findings;
    const model = workspace.model(document.source.uri) ?? null;
    const findings: Finding[] = [];
    // The context has no workspace: a document rule's findings are kept while its file is the same.
    const context: DocumentRuleContext = { catalog: this.catalog, config, document, model };
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
    const cached = this.oneShot ? undefined : this.completed.get(finding);
    if (cached && cached.config === config && cached.parsed === parsed) return cached.finding;
    const configured = config.rules[rule.name];
    const severity = configured && configured !== 'off' ? configured : finding.severity ?? rule.defaultSeverity;
    // Model ranges are kept as offsets (OffsetRange); a finding is kept and compared often, so it gets plain positions once.
    const range = plainRange(finding.range);
    // A finding outlives the text it was found in: its strings are copies, as a rule may have cut
    // them from the file, and a slice keeps the whole text (see `detached`); not for a one-shot host,
    // which keeps every text anyway.
    const copy = this.oneShot ? (text: string) => text : detached;
    // Related locations keep their ranges as the rule gave them: mostly the model's own values
    // (OffsetRange), which the model holds anyway, where plain positions were three more objects
    // each (verification-result-missing lists up to 20 per file: 5 MB at 5,000 generated documents).
    // They are read once, when the finding is published, and serialise as plain ranges.
    const related = finding.related?.map((location) => ({ ...location, message: copy(location.message) }));
    const fixes = fixesOf(rule, finding, range, parsed);
    const completed: Finding = { ...finding, message: copy(finding.message), range, ...(related ? { related } : {}), rule: rule.name, clause: rule.clause, severity, fixes };
    if (!this.oneShot) this.completed.set(finding, { config, parsed, finding: completed });
    return completed;
  }

  /**
   * The findings a suppression comment hid in the last analysis of this index, each with the
   * comment's reason: the release readiness report lists them, so an accepted finding is still seen.
   */
  suppressedFindings(workspace: WorkspaceIndex): SuppressedFinding[] {
    return [...(this.results.get(workspace)?.values() ?? [])].flatMap((result) => result.suppressed);
  }

  private fileResult(document: ParsedDocument, own: Finding[], others: Finding[], parts: Finding[][]): FileResult {
    const { suppressions } = document;
    const all = [...own, ...others];
    if (!suppressions.length) return { document, own, parts, others, findings: sortFindings(all), suppressed: NO_SUPPRESSED };
    const findings: Finding[] = [];
    const suppressed: SuppressedFinding[] = [];
    for (const finding of all) {
      const by = finding.rule === 'suppression-without-reason' ? undefined : suppressions.find((s) => s.targetLine === finding.range.start.line && s.rules.includes(finding.rule));
      if (by) suppressed.push({ finding, reason: by.reason, comment: by.range });
      else findings.push(finding);
    }
    return { document, own, parts, others, findings: sortFindings(findings), suppressed: suppressed.sort((a, b) => a.finding.range.start.line - b.finding.range.start.line) };
  }
}

interface WorkspaceRun {
  view: WorkspaceView;
  /** Set only for a rule that declares what it reads (not `allDocuments`): its findings and what they were made from. */
  last?: LastRun;
  /** The findings of its last run, whatever it reads. */
  previous?: Finding[];
}

/** What a rule's last findings were made from. */
interface LastRun {
  config: ClauseGuideConfig;
  inputs: unknown[];
  generation: number;
  findings: Finding[];
  /** The host's evidence options as far as the rule declared it reads them. */
  evidence: EvidenceOptions;
}

/** The host's evidence options a rule declared it reads: a rule that reads no records is not re-run when the host renews its record checker. */
function declaredEvidence(rule: WorkspaceRule | ItemRule, evidence: EvidenceOptions): EvidenceOptions {
  const { reads } = rule;
  return { ...(reads.records || reads.allDocuments ? { recordExists: evidence.recordExists } : {}), ...(reads.today || reads.allDocuments ? { today: evidence.today } : {}) };
}

interface ItemRun {
  view: WorkspaceView;
  /** The findings of each document's items (by the document's list of items), while the rule's declared reads are those of `last`. */
  byDocument: WeakMap<ModelItem[], Finding[]>;
  last?: Omit<LastRun, 'findings'> & { items: ModelItem[]; chunks: Finding[][] };
}

/** The lists a rule declared it reads, to compare by identity; undefined for a rule that reads every document. */
function declaredInputs(rule: WorkspaceRule | ItemRule, workspace: WorkspaceIndex): unknown[] | undefined {
  const { reads } = rule;
  if (reads.allDocuments) return undefined;
  return [...(reads.collections ?? []).map((collection) => workspace.items(collection)), ...(reads.kinds ?? []).map((kind) => workspace.documentsOfKind(kind))];
}

/** Whether what a rule read for its last findings is unchanged: the same config, record checker, lists and (if read) definitions. */
function sameReads(
  rule: WorkspaceRule | ItemRule,
  workspace: WorkspaceIndex,
  last: Omit<LastRun, 'findings'>,
  inputs: unknown[],
  config: ClauseGuideConfig,
  evidence: EvidenceOptions,
): boolean {
  const seen = declaredEvidence(rule, evidence);
  return (
    last.config === config &&
    // Whether a record names a file is the host's to say, and files come and go: a new checker, a new look.
    last.evidence.recordExists === seen.recordExists &&
    last.evidence.today === seen.today &&
    inputs.every((list, i) => list === last.inputs[i]) &&
    (!rule.reads.definitions || workspace.definitionsUnchangedSince(last.generation))
  );
}

interface FileResult {
  document: ParsedDocument;
  own: Finding[];
  /** The workspace rules' findings on the file, as the parts they came in (see analyze). */
  parts: Finding[][];
  others: Finding[];
  findings: Finding[];
  suppressed: SuppressedFinding[];
}

const NO_SUPPRESSED: SuppressedFinding[] = [];

const NO_PARTS: Finding[][] = [];

/** The rules that still speak about a file that does not parse: they are about the file, not its content. */
const ABOUT_THE_FILE_ITSELF = new Set(['syntax-error', 'file-too-large', 'evidence-file-invalid']);

function parses(document: ParsedDocument): boolean {
  return document.syntaxProblems.length === 0 && !document.evidenceProblems?.length;
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

// Every finding can be suppressed with a reason, except those a suppression cannot fix (a file
// too large to read cannot be searched for its suppression comments either).
// An evidence file is another tool's JSON or XML: it has no comment to hold a suppression.
const UNSUPPRESSIBLE = new Set(['syntax-error', 'suppression-without-reason', 'file-too-large', 'evidence-file-invalid']);

/**
 * A finding's fixes, worked out when a host calls for them (a code action), never by the analysis:
 * the suppress fix reads the finding's line, which for a file no editor shows means unpacking its
 * text (a first analysis of 5,000 files did so 3,000 times, for fixes nobody asked for). The
 * suppress fix is made against the document the finding came from, so a later edit cannot shift
 * it. Rules supply only their mechanical fixes; the suppress fix is added here, once for all rules.
 */
function fixesOf(rule: Rule, finding: RuleFinding, range: Range, parsed: ParsedDocument | undefined): (() => Fix[]) | undefined {
  const own = finding.fixes;
  if (UNSUPPRESSIBLE.has(rule.name) || !parsed) return own;
  // The closure keeps what it reads, not the rule's finding: that would keep a second copy of the
  // finding's message and related locations (as the rule made them) for as long as the completed
  // one is shown, 7 MB at 5,000 generated documents.
  const { uri } = finding;
  const name = rule.name;
  return () => {
    const fixes = own?.() ?? [];
    if (fixes.some((fix) => fix.title.startsWith('Suppress'))) return fixes;
    const edit = suppressEdit({ parsed }, name, range);
    if (!edit) return fixes;
    return [...fixes, { title: `Suppress ${name} on this line (with a reason)`, edits: { [uri]: [edit] } }];
  };
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
