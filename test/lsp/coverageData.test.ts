// One coverage answer everywhere (issue 13, done-when): `clause-guide coverage --format json`, the
// server's coverage request (the coverage view), its summary notification (the status bar) and the
// audit report (`clause-guide report`) say the same thing per clause: the status, and which criteria
// are met, where, and which are not. Runs the real CLI (bin/clause-guide.js, the bundle) and the real
// server over stdio on the same files. Also: a workspace of one-line stubs of every kind covers
// nothing and a generated tailoring record leaves it all pending, and Annex F is judged only for a
// product that declares itself transitional.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { CoverageRequest, type CoverageDto, type SummaryDto } from '../../common/protocol';
import { DOCUMENT_KINDS } from '../../server/src/engine/catalog';
import { REPO_ROOT, testCatalog } from '../support/fixtures';
import { startServer, type LspSession } from '../support/lspClient';
import { summaries } from '../support/summaries';

const EXAMPLE = path.join(REPO_ROOT, 'examples', 'infusync');
const STATUSES = ['covered', 'tailored', 'pending', 'claimed', 'missing'] as const;
type Status = (typeof STATUSES)[number];

interface CliClause {
  clause: string;
  status: Status;
  criteria: { criterion: string; met: boolean; where: string[]; missing?: string }[];
  tailoring?: string;
}
interface CliProject {
  project: string;
  clauses: CliClause[];
}

function clauseGuide(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'clause-guide.js'), ...args], { cwd, encoding: 'utf8', timeout: 60000, maxBuffer: 64 * 1024 * 1024 });
  assert.equal(result.error, undefined, `clause-guide ${args.join(' ')}: ${result.error}`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function cliCoverage(cwd: string): CliProject[] {
  const run = clauseGuide(['coverage', '--format', 'json'], cwd);
  assert.ok(run.status === 0 || run.status === 2, `coverage exited ${run.status}: ${run.stderr}`);
  return JSON.parse(run.stdout) as CliProject[];
}

function totals(clauses: { status: Status }[]): Record<Status, number> {
  const counts = Object.fromEntries(STATUSES.map((status) => [status, 0])) as Record<Status, number>;
  for (const clause of clauses) counts[clause.status]++;
  return counts;
}

function scratch(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}


/** A location as both hosts can name it: the path relative to `cwd`, the 1-based line, and what is there. */
function cliPlace(where: string): string {
  const match = /^(.*):(\d+) \((.*)\)$/s.exec(where);
  assert.ok(match, `a CLI location is file:line (what): ${where}`);
  return `${match[1]}:${match[2]} ${match[3]}`;
}

function viewPlace(cwd: string, location: { uri: string; range: { start: { line: number } }; what: string }): string {
  return `${path.relative(cwd, fileURLToPath(location.uri)).split(path.sep).join('/')}:${location.range.start.line + 1} ${location.what}`;
}

interface ReportRow {
  status: string;
  /** The file:line places in the "criteria met" cell. */
  metPlaces: string[];
  /** How many "Missing:" the unmet cell says. */
  unmet: number;
}

/** The clause rows of the Markdown audit report's coverage section (`| §id | title | **STATUS** | met | unmet |`). */
function reportRows(markdown: string): { totals: string; rows: Map<string, ReportRow> } {
  const rows = new Map<string, ReportRow>();
  const section = markdown.slice(markdown.indexOf('## 1 Coverage per clause'), markdown.indexOf('## 2 '));
  const unescape = (text: string) => text.replace(/\\(.)/g, '$1');
  for (const line of section.split('\n')) {
    const match = /^\| §(\S+) \| .* \| \*\*([^*]+)\*\* \| (.*) \| (.*) \|$/.exec(line);
    if (!match) continue;
    const met = unescape(match[3]);
    rows.set(match[1], {
      status: match[2],
      metPlaces: [...met.matchAll(/([\w./-]+\.(?:yaml|yml|md|json|xml)):(\d+)/g)].map((m) => `${m[1]}:${m[2]}`),
      unmet: (match[4].match(/Missing:/g) ?? []).length,
    });
  }
  const totalsLine = /\*\*Coverage:\*\* ([^*]*?)\. \*\*/.exec(markdown);
  assert.ok(totalsLine, 'the report states its coverage totals');
  return { totals: totalsLine[1], rows };
}

const REPORT_WORDS: Record<Status, string> = { covered: 'COVERED', tailored: 'TAILORED', pending: 'PENDING', claimed: 'CLAIMED (criteria unmet)', missing: 'MISSING' };

/** One-line stub documents of every kind the engine knows, each citing every clause of the catalog. */
function stubWorkspace(form: 'yaml' | 'md'): string {
  const root = scratch(`cg-stubs-${form}-`);
  const every = testCatalog().clauses.map((clause) => `"${clause.id}"`).join(', ');
  for (const kind of DOCUMENT_KINDS) {
    const front = `kind: ${kind}\nclauses: [${every}]\n`;
    fs.writeFileSync(path.join(root, `${kind}.${form}`), form === 'yaml' ? front : `---\n${front}---\n`);
  }
  // Annex F too: the product declares itself transitional, so every item of the catalog that can be judged is.
  fs.writeFileSync(path.join(root, '.clause-guide.yaml'), 'transitional: true\n');
  return root;
}

describe('coverage: one answer for the CLI, the coverage view, the status bar and the report', function () {
  this.timeout(120000);
  const made: string[] = [];
  let server: LspSession | undefined;

  afterEach(async () => {
    await server?.close();
    server = undefined;
    for (const folder of made.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
  });

  for (const form of ['yaml', 'md'] as const) {
    it(`a workspace of one-line ${form === 'yaml' ? 'YAML' : 'Markdown'} stubs of every kind, each citing every clause, has 0 covered clauses; after tailoring --write, 0 tailored (all pending)`, async () => {
      const root = stubWorkspace(form);
      made.push(root);
      const judged = testCatalog().clauses.filter((clause) => !clause.overview && testCatalog().children(clause.id).length === 0);
      const [before] = cliCoverage(root);
      assert.equal(before.clauses.length, judged.length, 'every leaf clause and Annex F item is judged');
      assert.ok(before.clauses.some((clause) => clause.clause === 'F.2'), 'Annex F is judged for a transitional product');
      assert.deepEqual(totals(before.clauses), { covered: 0, tailored: 0, pending: 0, claimed: judged.length, missing: 0 });
      for (const clause of before.clauses) assert.ok(clause.criteria.length > 0 && clause.criteria.every((c) => !c.met && c.missing), `${clause.clause}: every criterion unmet, saying what is missing`);

      // The server, on the same files, says the same.
      server = await startServer({ workspaceFolders: [pathToFileURL(root).href] });
      const view = await server.connection.sendRequest(CoverageRequest, { uri: pathToFileURL(root).href });
      assert.deepEqual(totals(view!.clauses), totals(before.clauses));
      await server.close();
      server = undefined;

      const write = clauseGuide(['tailoring', '--write'], root);
      assert.equal(write.status, 0, write.stderr);
      assert.match(write.stdout, new RegExp(`added ${judged.length} tailoring entries`));
      const [after] = cliCoverage(root);
      assert.deepEqual(totals(after.clauses), { covered: 0, tailored: 0, pending: judged.length, claimed: 0, missing: 0 });
      // And a second run adds nothing: every clause has its (undecided) entry.
      const again = clauseGuide(['tailoring', '--write'], root);
      assert.equal(again.status, 0, again.stderr);
      assert.deepEqual(totals(cliCoverage(root)[0].clauses), totals(after.clauses));
    });
  }

  it('on the example, the CLI JSON, the coverage view, the status bar summary and the audit report agree clause by clause', async () => {
    const root = scratch('cg-coverage-same-');
    made.push(root);
    fs.cpSync(EXAMPLE, root, { recursive: true });
    const cli = cliCoverage(root);
    assert.ok(cli.length >= 2, `the example has two projects: ${cli.map((p) => p.project)}`);
    const report = clauseGuide(['report', '--format', 'md', '--out', 'report.md'], root);
    assert.ok(report.status === 0 || report.status === 2, report.stderr);
    const markdown = fs.readFileSync(path.join(root, 'report.md'), 'utf8');
    fs.rmSync(path.join(root, 'report.md'));

    server = await startServer({ workspaceFolders: [pathToFileURL(root).href] });
    const summaryFeed = summaries(server);
    const nextSummary = (accept: (s: SummaryDto) => boolean, what: string) => summaryFeed.next(accept, 20000, what);
    for (const project of cli) {
      const projectRoot = path.join(root, project.project);
      const view = (await server.connection.sendRequest(CoverageRequest, { uri: pathToFileURL(projectRoot).href })) as CoverageDto;
      assert.equal(view.root, pathToFileURL(projectRoot).href);
      const viewById = new Map(view.clauses.map((entry) => [entry.id, entry]));
      assert.deepEqual([...viewById.keys()], project.clauses.map((clause) => clause.clause), `${project.project}: the same clauses in the same order`);
      for (const clause of project.clauses) {
        const entry = viewById.get(clause.clause)!;
        assert.equal(entry.status, clause.status, `${project.project} §${clause.clause}: view ${entry.status}, CLI ${clause.status}`);
        assert.deepEqual(
          entry.criteria.map((c) => ({ criterion: c.text, met: c.met, where: c.where.map((w) => viewPlace(root, w)), missing: c.missing })),
          clause.criteria.map((c) => ({ criterion: c.criterion, met: c.met, where: c.where.map(cliPlace), missing: c.missing })),
          `${project.project} §${clause.clause}: the same criteria, met and unmet, at the same places`,
        );
      }
      const expected = totals(project.clauses);
      const summary = await nextSummary(
        (s) => s.root === view.root && STATUSES.every((status) => s[status] === expected[status]),
        `for ${project.project} with the CLI's totals ${JSON.stringify(expected)}`,
      );
      assert.equal(summary.root, view.root);
    }

    // The report of the root project (the first in it): its totals line and every judged row.
    const [main] = cli;
    const { totals: totalsText, rows } = reportRows(markdown);
    const expected = totals(main.clauses);
    assert.equal(totalsText, `${STATUSES.map((status) => `${expected[status]} ${status}`).join(', ')}, of ${main.clauses.length} applicable clauses`);
    for (const clause of main.clauses) {
      const row = rows.get(clause.clause);
      assert.ok(row, `the report has a row for §${clause.clause}`);
      assert.equal(row.status, REPORT_WORDS[clause.status], `§${clause.clause}`);
      const metPlaces = clause.criteria.filter((c) => c.met).flatMap((c) => c.where.map((w) => cliPlace(w).split(' ')[0]));
      // A tailored clause with no criterion met shows its tailoring entry there instead.
      if (!metPlaces.length && clause.status === 'tailored' && clause.tailoring) metPlaces.push(clause.tailoring);
      assert.deepEqual(row.metPlaces, metPlaces, `§${clause.clause}: the report shows the met criteria at the CLI's places`);
      assert.equal(row.unmet, clause.criteria.filter((c) => !c.met).length, `§${clause.clause}: the report says what each unmet criterion lacks`);
    }
  });

  it('judges Annex F (with criteria) in the CLI, the view, the status bar and the report only when the product is transitional', async () => {
    const catalog = testCatalog();
    const annexF = catalog.clauses.filter((clause) => clause.id.startsWith('F.') && !clause.overview).map((clause) => clause.id);
    assert.deepEqual(annexF, ['F.2', 'F.3', 'F.4']);
    for (const transitional of [false, true]) {
      const root = scratch('cg-annex-f-');
      made.push(root);
      fs.writeFileSync(path.join(root, '.clause-guide.yaml'), `transitional: ${transitional}\n`);
      fs.writeFileSync(path.join(root, 'lifecycle-plan.yaml'), 'kind: lifecycle-plan\nclauses: ["F.2"]\n');
      const [cli] = cliCoverage(root);
      const cliF = cli.clauses.filter((clause) => clause.clause.startsWith('F'));
      const report = clauseGuide(['report', '--format', 'md'], root);
      assert.equal(report.status, 0, report.stderr);
      const { rows } = reportRows(report.stdout);
      server = await startServer({ workspaceFolders: [pathToFileURL(root).href] });
      const summaryFeed = summaries(server);
    const nextSummary = (accept: (s: SummaryDto) => boolean, what: string) => summaryFeed.next(accept, 20000, what);
      const view = (await server.connection.sendRequest(CoverageRequest, { uri: pathToFileURL(root).href }))!;
      const viewF = view.clauses.filter((entry) => entry.id.startsWith('F'));
      const expected = totals(cli.clauses);
      await nextSummary((s) => STATUSES.every((status) => s[status] === expected[status]), `with the CLI's totals ${JSON.stringify(expected)}`);
      await server.close();
      server = undefined;

      if (!transitional) {
        assert.deepEqual(cliF, [], 'the CLI judges no Annex F item');
        assert.deepEqual(viewF, [], 'the view lists no Annex F item');
        for (const id of annexF) assert.equal(rows.get(id)?.status, 'not applicable', `the report lists §${id} as not applicable`);
        assert.match(report.stdout, /Applies to transitional health software only/);
        continue;
      }
      assert.deepEqual(cliF.map((clause) => clause.clause), annexF);
      assert.deepEqual(viewF.map((entry) => entry.id), annexF);
      for (const id of annexF) {
        const fromCli = cliF.find((clause) => clause.clause === id)!;
        const fromView = viewF.find((entry) => entry.id === id)!;
        assert.ok(fromCli.criteria.length > 0, `§${id} has its criteria in the CLI`);
        assert.deepEqual(fromView.criteria.map((c) => c.text), fromCli.criteria.map((c) => c.criterion), `§${id}: the view shows the same criteria`);
        assert.equal(rows.get(id)?.status, REPORT_WORDS[fromCli.status], `§${id} in the report`);
        assert.equal(rows.get(id)?.unmet, fromCli.criteria.filter((c) => !c.met).length, `§${id}: the report names its unmet criteria`);
      }
      assert.equal(cliF.find((clause) => clause.clause === 'F.2')!.status, 'claimed', 'cited, criteria unmet');
      assert.equal(cliF.find((clause) => clause.clause === 'F.3')!.status, 'missing');
    }
  });
});
