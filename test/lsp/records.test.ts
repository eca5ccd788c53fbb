// The records and views over real LSP stdio, on a copy of the example workspace: coverage, the
// tailoring-record update (and that a second run adds nothing), traceability, the architecture
// diagram, release readiness, the summary notification, and the editor-only settings.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import {
  ArchitectureDiagramRequest,
  CoverageRequest,
  ExportAuditPackageRequest,
  ExportTraceabilityRequest,
  GenerateTailoringRequest,
  ReleaseReadinessRequest,
  TraceabilityTreeRequest,
} from '../../common/protocol';
import { applyTextEdits } from '../../server/src/engine';
import { REPO_ROOT } from '../support/fixtures';
import { startServer, type LspSession } from '../support/lspClient';
import { summaries } from '../support/summaries';

const EXAMPLE = path.join(REPO_ROOT, 'examples', 'infusync');

function copyExample(): string {
  const target = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-records-'));
  fs.cpSync(EXAMPLE, target, { recursive: true });
  return target;
}

const fileUri = (...parts: string[]) => pathToFileURL(path.join(...parts)).href;


describe('records and views over LSP', function () {
  this.timeout(30000);
  let folder: string;
  let server: LspSession;
  let summary: ReturnType<typeof summaries>;

  beforeEach(async () => {
    folder = copyExample();
    server = await startServer({ workspaceFolders: [pathToFileURL(folder).href] });
    summary = summaries(server);
  });

  afterEach(async () => {
    await server.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  /** Starts the server again on the example without one of its files. */
  async function restartWithout(file: string): Promise<void> {
    await server.close();
    fs.rmSync(path.join(folder, file));
    server = await startServer({ workspaceFolders: [pathToFileURL(folder).href] });
    summary = summaries(server);
  }

  it('lists every applicable clause with its status, evidence and a report with links', async () => {
    const coverage = await server.connection.sendRequest(CoverageRequest, { uri: pathToFileURL(folder).href });
    assert.ok(coverage);
    assert.equal(coverage.root, pathToFileURL(folder).href);
    assert.ok(coverage.clauses.length > 50, `${coverage.clauses.length} clauses`);
    const byId = new Map(coverage.clauses.map((entry) => [entry.id, entry]));
    // 4.1.5 is tailored by a decided entry of the example's record; the threat model's content
    // meets every criterion of 7.3; 7.2 is covered: the Threat Dragon model's threats have no
    // safety impact of their own (Threat Dragon has no such field), and the threat model's
    // threat_assessments state it for each, by the threat's id;
    // the security architecture meets every criterion of 5.3.1 and its rules report nothing, so
    // 5.3.1 is covered (the legacy bridge's architecture shows the gaps, below).
    assert.equal(byId.get('4.1.5')?.status, 'tailored');
    assert.equal(byId.get('4.1.5')?.tailoring?.uri, fileUri(folder, 'security', 'tailoring-record.yaml'));
    assert.equal(byId.get('7.3')?.status, 'covered');
    assert.ok(byId.get('7.3')!.evidence.length > 0);
    assert.ok(byId.get('7.3')!.criteria.every((criterion) => criterion.met && criterion.where.length > 0));
    assert.equal(byId.get('7.3')?.chapter, '7');
    assert.equal(byId.get('7.2')?.status, 'covered', byId.get('7.2')!.gaps.join('\n'));
    const threatModel = fileUri(folder, 'security', 'threat-model.yaml');
    assert.ok(byId.get('7.2')!.evidence.some((location) => location.uri === fileUri(folder, 'security', 'clinician-access.threat-dragon.json')), 'a Threat Dragon threat');
    assert.ok(byId.get('7.2')!.evidence.some((location) => location.uri === threatModel && location.range.start.line > 40), 'and its assessment');
    assert.equal(byId.get('5.3.1')?.status, 'covered');
    assert.deepEqual(byId.get('5.3.1')!.gaps, []);
    assert.ok(byId.get('5.3.1')!.evidence.some((location) => location.uri === fileUri(folder, 'security', 'security-architecture.yaml')));
    assert.match(coverage.markdown, /\]\(security\/[a-z-]+\.yaml#L\d+\)/, 'evidence links are relative to the project root, with a line');
  });

  it('answers for the project of the given document (a product with its own configuration)', async () => {
    const legacy = await server.connection.sendRequest(CoverageRequest, { uri: fileUri(folder, 'legacy-bridge', 'threat-model.yaml') });
    assert.equal(legacy?.root, pathToFileURL(path.join(folder, 'legacy-bridge')).href);
    const byId = new Map(legacy!.clauses.map((entry) => [entry.id, entry]));
    assert.equal(byId.get('5.4.4')?.status, 'pending', 'its entry has no justification');
    assert.equal(byId.get('5.4.4')?.tailoring?.uri, fileUri(folder, 'legacy-bridge', 'tailoring-record.yaml'));
    assert.equal(byId.get('5.3.1')?.status, 'claimed', 'a control states no safety impact, and its rules report it');
    assert.ok(legacy!.clauses.some((entry) => entry.status === 'missing'), 'the legacy bridge leaves some clauses uncovered');
    // It is transitional health software: the view judges Annex F there, met by its assessment.
    const assessment = fileUri(folder, 'legacy-bridge', 'transitional-assessment.md');
    for (const id of ['F.2', 'F.3', 'F.4']) {
      assert.equal(byId.get(id)?.status, 'covered', `${id} in the legacy bridge`);
      assert.ok(byId.get(id)!.evidence.some((location) => location.uri === assessment), `${id}: the assessment is its evidence`);
    }
  });

  it('plans tailoring entries for exactly the uncovered clauses, keeps the comments, and adds nothing the second time', async () => {
    // The gateway covers every clause it does not tailor: without one of its records, 5.3.2 is
    // claimed with an unmet criterion, and needs a decision.
    await restartWithout(path.join('docs', 'records', 'secure-design-principles.md'));
    const recordPath = path.join(folder, 'security', 'tailoring-record.yaml');
    const recordUri = pathToFileURL(recordPath).href;
    const before = fs.readFileSync(recordPath, 'utf8');
    const coverage = await server.connection.sendRequest(CoverageRequest, { uri: recordUri });
    // What needs a decision: clauses whose content does not meet their criteria. A clause whose
    // criteria are met but whose rules report open findings is claimed too, but what it needs is
    // the findings resolved, not a tailoring entry.
    const missing = coverage!.clauses
      .filter((entry) => (entry.status === 'missing' || entry.status === 'claimed') && entry.criteria.some((criterion) => !criterion.met))
      .map((entry) => entry.id);
    assert.ok(missing.includes('5.3.2'), missing.join(', '));

    const plan = await server.connection.sendRequest(GenerateTailoringRequest, { uri: recordUri });
    assert.ok(plan);
    assert.deepEqual([...plan.added].sort(), [...missing].sort(), `coverage said ${JSON.stringify(coverage!.clauses.map((entry) => `${entry.id}:${entry.status}`))}`);
    assert.equal(plan.edits.length, 1);
    const [change] = plan.edits;
    assert.equal(change.uri, recordUri);
    assert.ok(!change.create);
    const after = applyTextEdits(before, change.edits!);
    for (const line of before.split('\n')) assert.ok(after.includes(line), `keeps "${line}"`);
    for (const id of missing) assert.ok(after.includes(`"${id}"`), `adds an entry for ${id}`);

    // What the editor does: the edit lands in the open document, which the server then sees.
    server.open(recordUri, 'yaml', after);
    const again = await server.connection.sendRequest(GenerateTailoringRequest, { uri: recordUri });
    assert.deepEqual(again, { edits: [], added: [] });
    const coverageAfter = await server.connection.sendRequest(CoverageRequest, { uri: recordUri });
    assert.equal(coverageAfter!.clauses.filter((entry) => entry.status === 'missing').length, 0);
    for (const id of missing) assert.equal(coverageAfter!.clauses.find((entry) => entry.id === id)?.status, 'pending', `${id}: an undecided entry is pending, not tailored`);
  });

  it('creates a new tailoring record in security/ when the project has none', async () => {
    await server.close();
    fs.rmSync(path.join(folder, 'security', 'tailoring-record.yaml'));
    server = await startServer({ workspaceFolders: [pathToFileURL(folder).href] });
    const plan = await server.connection.sendRequest(GenerateTailoringRequest, { uri: pathToFileURL(folder).href });
    assert.ok(plan && plan.added.length > 0);
    const [change] = plan.edits;
    assert.equal(change.uri, fileUri(folder, 'security', 'tailoring-record.yaml'));
    assert.equal(change.create, true);
    assert.match(change.text!, /^kind: tailoring-record$/m);
    for (const id of plan.added) assert.ok(change.text!.includes(`"${id}"`), `entry for ${id}`);
  });

  it('gives the traceability tree and matrix, and the architecture diagram with its zones', async () => {
    const params = { uri: pathToFileURL(folder).href };
    const tree = await server.connection.sendRequest(TraceabilityTreeRequest, params);
    assert.ok(tree.length > 0);
    assert.ok(tree.every((node) => node.kind === 'threat'), 'threats at the top');
    const th004 = tree.find((node) => node.id === 'TH-004');
    assert.ok(th004?.location?.uri.endsWith('/security/threat-model.yaml'));
    assert.ok(th004!.children.some((child) => child.kind === 'control' && child.id === 'CTL-SIGN'));

    const csv = await server.connection.sendRequest(ExportTraceabilityRequest, { ...params, format: 'csv' });
    const markdown = await server.connection.sendRequest(ExportTraceabilityRequest, { ...params, format: 'md' });
    assert.match(csv!.split('\n')[0], /requirement/i);
    assert.ok(csv!.includes('SR-'));
    assert.match(markdown!, /^\|.*\|$/m);

    const diagram = await server.connection.sendRequest(ArchitectureDiagramRequest, params);
    assert.ok(diagram);
    for (const zone of ['Z-PUMPS', 'Z-HOSPITAL', 'Z-CLOUD']) assert.ok(diagram.mermaid.includes(zone), `zone ${zone} in ${diagram.mermaid}`);
    assert.ok(diagram.mermaid.includes('CTL-MTLS'), 'controls at the boundaries');
    assert.match(diagram.svg, /^<svg [^>]*class="cg-architecture"/);
    assert.match(diagram.svg, /<g class="boundary" data-id="TB-03">/, 'a boundary with controls');
    assert.match(diagram.svg, /<g class="legend">/);
    const legacyDiagram = await server.connection.sendRequest(ArchitectureDiagramRequest, { uri: fileUri(folder, 'legacy-bridge', 'threats-and-architecture.yaml') });
    assert.match(legacyDiagram!.svg, /<g class="boundary uncontrolled gap" data-id="BTB-01">/, 'the uncontrolled boundary, marked');
    // TD-2 is settled in Threat Dragon by its own mitigation text: no control or requirement of ours names it.
    const td2 = tree.find((node) => node.id === 'TD-2');
    assert.deepEqual(td2?.gaps, ['no control mitigates it', 'no requirement names it'], 'the traceability tree marks a threat with gaps');
  });

  it('writes the audit package next to the security file, replacing the last export, and says where', async () => {
    const params = { uri: pathToFileURL(path.join(folder, 'security', 'threat-model.yaml')).href };
    const first = await server.connection.sendRequest(ExportAuditPackageRequest, { ...params, format: 'html' });
    assert.equal(first?.problem, undefined);
    const written = path.join(folder, 'security', 'audit-report.html');
    assert.equal(first?.uri, pathToFileURL(written).href);
    const html = fs.readFileSync(written, 'utf8');
    assert.match(html, /^<!DOCTYPE html>/);
    assert.match(html, /data-clause="5\.3\.1"/);
    fs.writeFileSync(written, 'old export');
    const docx = await server.connection.sendRequest(ExportAuditPackageRequest, { ...params, format: 'docx' });
    assert.equal(docx?.uri, pathToFileURL(path.join(folder, 'security', 'audit-report.docx')).href);
    assert.equal(fs.readFileSync(path.join(folder, 'security', 'audit-report.docx')).subarray(0, 2).toString(), 'PK', 'a zip package');
    const again = await server.connection.sendRequest(ExportAuditPackageRequest, { ...params, format: 'html' });
    assert.equal(again?.uri, first?.uri);
    assert.match(fs.readFileSync(written, 'utf8'), /^<!DOCTYPE html>/, 'the old export is replaced');
    assert.deepEqual(fs.readdirSync(path.join(folder, 'security')).filter((name) => name.endsWith('.tmp')), [], 'no temporary file left');
  });

  it('counts what blocks the release, as the diagnostics show it, and sends the same counts in the summary', async () => {
    // The legacy bridge's project: its release holds an open finding and a vulnerability nobody
    // assessed (the gateway's release, which has assessed everything, blocks on nothing: below).
    const gatewayRoot = pathToFileURL(folder).href;
    const root = `${gatewayRoot}/legacy-bridge`;
    const isProjectFile = (uri: string) => uri.startsWith(`${root}/`);
    const first = await summary.next((s) => s.root === root);
    const latest = await server.settle((byUri) => [...byUri.keys()].some((uri) => isProjectFile(uri) && byUri.get(uri)!.length > 0));
    const diagnostics: Diagnostic[] = [...latest].filter(([uri]) => isProjectFile(uri)).flatMap(([, list]) => list);
    // Blocking (SummaryDto): open findings of a release and unassessed vulnerabilities (warnings while pending), and errors of the release, vulnerability, tailoring, coverage and test-result rules.
    // (release-baseline-missing is clause 8's: a release without a baseline is not a release-gate item.)
    const releaseRule = (d: Diagnostic) => /^(release-(open-finding|activity-record-missing|activity-missing)$|tailoring-|clause-uncovered$|verification-failed$|vex-justification-missing$)/.test(String(d.code));
    const alwaysBlocking = (d: Diagnostic) => d.code === 'release-open-finding' || d.code === 'vulnerability-unassessed';
    const expectedBlocking = diagnostics.filter((d) => alwaysBlocking(d) || (releaseRule(d) && d.severity === 1)).length;

    const readiness = await server.connection.sendRequest(ReleaseReadinessRequest, { uri: root });
    assert.ok(readiness);
    assert.equal(readiness.root, root);
    assert.ok(readiness.blocking > 0, 'the example release has open findings');
    assert.equal(readiness.blocking, expectedBlocking);
    assert.match(readiness.markdown, /Release readiness/);

    const coverage = await server.connection.sendRequest(CoverageRequest, { uri: root });
    const count = (status: string) => coverage!.clauses.filter((entry) => entry.status === status).length;
    assert.deepEqual(
      { covered: first.covered, tailored: first.tailored, missing: first.missing, blocking: first.blocking },
      { covered: count('covered'), tailored: count('tailored'), missing: count('missing'), blocking: readiness.blocking },
    );
    assert.equal(first.errors, diagnostics.filter((d) => d.severity === 1).length);
    assert.equal(first.warnings, diagnostics.filter((d) => d.severity === 2).length);
    assert.ok(readiness.markdown.includes('CVE-2023-42363'), 'the unassessed vulnerability is listed');
    const gateway = await summary.next((s) => s.root === gatewayRoot);
    assert.equal(gateway.blocking, 0, 'one summary per project, and the gateway\'s blocks on nothing');
    assert.equal((await server.connection.sendRequest(ReleaseReadinessRequest, { uri: gatewayRoot }))?.blocking, 0);
  });

  it('sends a new summary when an edit changes the counts', async () => {
    // Without one of its records, the gateway leaves 5.3.2 without evidence.
    await restartWithout(path.join('docs', 'records', 'secure-design-principles.md'));
    const root = pathToFileURL(folder).href;
    const first = await summary.next((s) => s.root === root);
    const recordPath = path.join(folder, 'security', 'tailoring-record.yaml');
    const text = fs.readFileSync(recordPath, 'utf8');
    const plan = await server.connection.sendRequest(GenerateTailoringRequest, { uri: root });
    server.open(pathToFileURL(recordPath).href, 'yaml', applyTextEdits(text, plan!.edits[0].edits!));
    // The generated entries decide nothing: every clause without evidence becomes pending, none tailored.
    const next = await summary.next((s) => s.root === root && s.missing === 0);
    assert.ok(next.pending >= first.pending + first.missing, `${JSON.stringify(first)} → ${JSON.stringify(next)}`);
    assert.equal(next.tailored, first.tailored);
  });
});

describe('editor-only settings over LSP', function () {
  this.timeout(30000);

  it('clauseGuide.rules turns a rule off over .clause-guide.yaml', async () => {
    const folder = copyExample();
    const server = await startServer({ workspaceFolders: [pathToFileURL(folder).href], settings: { rules: { 'clause-uncovered': 'off', 'unknown-clause': 'hint' } } });
    try {
      const overview = fileUri(folder, 'docs', 'security-overview.md');
      const latest = await server.settle((byUri) => (byUri.get(overview)?.length ?? 0) > 0);
      const all = [...latest.values()].flat();
      assert.ok(!all.some((d) => d.code === 'clause-uncovered'), 'clause-uncovered is off');
      const unknown = latest.get(overview)!.find((d) => d.code === 'unknown-clause');
      assert.equal(unknown?.severity, 4, 'unknown-clause re-graded to hint');
    } finally {
      await server.close();
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('clauseGuide.checkWorkspace false checks only open documents', async () => {
    const folder = copyExample();
    const server = await startServer({ workspaceFolders: [pathToFileURL(folder).href], settings: { checkWorkspace: false } });
    try {
      const overview = fileUri(folder, 'docs', 'security-overview.md');
      server.open(overview, 'markdown', fs.readFileSync(path.join(folder, 'docs', 'security-overview.md'), 'utf8'));
      const latest = await server.settle((byUri) => (byUri.get(overview) ?? []).some((d) => d.code === 'unknown-clause'));
      assert.deepEqual([...latest.keys()].filter((uri) => (latest.get(uri) ?? []).length > 0), [overview], 'no unopened file was checked');
      const coverage = await server.connection.sendRequest(CoverageRequest, { uri: overview });
      assert.ok(coverage!.clauses.every((entry) => !entry.evidence.some((location) => location.uri !== overview)), 'coverage sees only the open document');
    } finally {
      await server.close();
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
