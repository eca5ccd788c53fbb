import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../../server/src/engine';
import { cli, workspace } from '../support/cli';
import { REPO_ROOT, testCatalog } from '../support/fixtures';
import { runAsync } from '../../server/src/cli/main';


describe('clause-guide check', () => {
  // The set-level clause-uncovered rule would list every clause for so small a workspace.
  const quiet = 'rules:\n  clause-uncovered: off\n';
  const broken = { '.clause-guide.yaml': quiet, 'docs/plan.yaml': 'kind: lifecycle-plan\nclauses: ["5.3.9"]\n', 'docs/ok.md': '---\nkind: threat-model\n---\nSee §7.2.\n', 'node_modules/x/bad.yaml': 'kind: threat-model\nclauses: ["99"]\n' };

  it('prints JSON findings with 0-based ranges and exits 1 on an error', () => {
    const root = workspace(broken);
    const { code, stdout } = cli(['check', '--format', 'json'], root);
    assert.equal(code, 1);
    assert.deepEqual(JSON.parse(stdout), [
      {
        file: 'docs/plan.yaml',
        range: { start: { line: 1, character: 11 }, end: { line: 1, character: 16 } },
        rule: 'unknown-clause',
        clause: null,
        severity: 'error',
        message: JSON.parse(stdout)[0].message,
      },
    ]);
    assert.match(JSON.parse(stdout)[0].message, /no clause 5\.3\.9/);
  });

  it('prints file:line:col text and a summary line', () => {
    const root = workspace(broken);
    const { stdout } = cli(['check', 'docs'], root);
    assert.match(stdout, /^docs\/plan\.yaml:2:12: error unknown-clause: /m);
    assert.match(stdout, /1 finding\(s\): 1 error\(s\)/);
  });

  it('exits 0 when nothing reaches --fail-on, and with --fail-on never', () => {
    const clean = workspace({ '.clause-guide.yaml': quiet, 'tm.yaml': 'kind: threat-model\nclauses: ["7.2"]\n' });
    assert.equal(cli(['check'], clean).code, 0);
    assert.match(cli(['check'], clean).stdout, /No findings\./);
    assert.equal(cli(['check', '--fail-on=never'], workspace(broken)).code, 0);
  });

  describe('records: the gate does not pass on a record that is none', () => {
    const config = 'rules:\n  clause-uncovered: off\n  release-activity-missing: off\n';
    const release = (record: string) =>
      `kind: release-record\nrelease: "2.3.0"\ndecision: pending\nactivities:\n  - clause: "5.7.4"\n    status: done\n    record: ${record}\n`;

    it('fails on a done activity whose record is a missing file or a placeholder stub, and passes on a real one', () => {
      const root = workspace({
        '.clause-guide.yaml': config,
        'release.yaml': release('reports/pentest.pdf'),
        'reports/pentest.pdf': '%PDF-1.7\nLab report, 14 pages\n',
      });
      assert.equal(cli(['check'], root).code, 0, cli(['check'], root).stdout);
      fs.writeFileSync(path.join(root, 'reports/pentest.pdf'), 'TODO: attach the lab report\n');
      const stub = cli(['check'], root);
      assert.equal(stub.code, 1);
      assert.match(stub.stdout, /error release-activity-record-missing §5\.8\.6: The activity for 5\.7\.4 names the record "reports\/pentest\.pdf", which is neither a file of the repository/);
      fs.rmSync(path.join(root, 'reports/pentest.pdf'));
      assert.equal(cli(['check'], root).code, 1, 'a path to nothing');
    });

    it('judges records in the audit report as check does: a stub record is no record there either', async () => {
      const root = workspace({
        '.clause-guide.yaml': config,
        'release.yaml': release('reports/pentest.pdf'),
        'reports/pentest.pdf': 'TODO: attach the lab report\n',
      });
      assert.match(cli(['check'], root).stdout, /release-activity-record-missing/);
      const report = { code: 0, stdout: '', stderr: '' };
      report.code = await runAsync(['report', '--format', 'md'], { cwd: root, stdout: (t) => (report.stdout += t), stderr: (t) => (report.stderr += t) }, testCatalog());
      assert.equal(report.code, 0, report.stderr);
      // The report analysed without the record checker, so a stub counted as the record there.
      assert.match(report.stdout, /names the record "reports\/pentest\.pdf", which is neither a file of the repository/);
    });

    it('fails on a placeholder record of a planned activity (placeholder-text is an error there)', () => {
      const root = workspace({
        '.clause-guide.yaml': config,
        'plan.yaml': 'kind: lifecycle-plan\nphases:\n  - name: Verification\n    activities:\n      - id: PA-1\n        title: Penetration test by an external lab\n        clauses: ["5.7.4"]\n        record: TBD\n',
      });
      const { code, stdout } = cli(['check'], root);
      assert.equal(code, 1, stdout);
      assert.match(stdout, /plan\.yaml:8:17: error placeholder-text: `record` of Activity PA-1 is only a placeholder \("TBD"\)/);
    });
  });

  describe('--release: the release gate', () => {
    const release = (decision: string) => ({
      '.clause-guide.yaml': 'rules:\n  clause-uncovered: off\n  release-activity-missing: off\n',
      'release.yaml': `kind: release-record\nrelease: "2.3.0"\n${decision}findings:\n  - id: F-1\n    source: pen-test\n    status: resolved\n`,
    });

    it('fails while the release is pending, and when it records no decision (which reads pending), whatever --fail-on says', () => {
      const pending = cli(['check', '--release', '2.3.0'], workspace(release('decision: pending\n')));
      assert.equal(pending.code, 1);
      assert.match(pending.stderr, /release 2\.3\.0 is pending in release\.yaml: the release gate fails/);
      const silent = cli(['check', '--release', '2.3.0', '--fail-on', 'never'], workspace(release('')));
      assert.equal(silent.code, 1);
      assert.match(silent.stderr, /release 2\.3\.0 is pending \(no decision recorded\) in release\.yaml/);
      assert.equal(cli(['check', '--release', '2.3.0'], workspace(release('decision: blocked\n'))).code, 1);
    });

    it('passes an authorized release with nothing at --fail-on, and fails one no record names', () => {
      const root = workspace(release('decision: authorized\n'));
      const authorized = cli(['check', '--release', '2.3.0'], root);
      assert.equal(authorized.code, 0, authorized.stdout + authorized.stderr);
      const other = cli(['check', '--release', '2.4.0'], root);
      assert.equal(other.code, 1);
      assert.match(other.stderr, /no release record names release 2\.4\.0: the release gate fails/);
      assert.equal(cli(['check'], workspace(release(''))).code, 0, 'without --release a pending release is no gate failure by itself');
    });
  });

  it('writes SARIF 2.1.0 with rule metadata and 1-based regions', () => {
    const { stdout } = cli(['check', '--format', 'sarif'], workspace(broken));
    const sarif = JSON.parse(stdout);
    assert.equal(sarif.version, '2.1.0');
    const [runEntry] = sarif.runs;
    assert.ok(runEntry.tool.driver.rules.some((r: { id: string }) => r.id === 'unknown-clause'));
    const phaseMissing = runEntry.tool.driver.rules.find((r: { id: string }) => r.id === 'phase-missing');
    assert.equal(phaseMissing.properties.clause, '5.2.1');
    assert.match(phaseMissing.help.markdown, /§5\.2\.1 Health software security requirements/);
    const [result] = runEntry.results;
    assert.equal(result.ruleId, 'unknown-clause');
    assert.equal(runEntry.tool.driver.rules[result.ruleIndex].id, 'unknown-clause');
    assert.deepEqual(result.locations[0].physicalLocation.region, { startLine: 2, startColumn: 12, endLine: 2, endColumn: 17 });
  });

  it('writes JUnit XML with one failing test case per finding', () => {
    const { stdout } = cli(['check', '--format', 'junit'], workspace(broken));
    assert.match(stdout, /<testsuites name="clause-guide" tests="1" failures="1">/);
    assert.match(stdout, /<failure type="error"/);
  });

  it('reads .clause-guide.yaml upward from the files, and --config overrides it', () => {
    const root = workspace({ ...broken, 'strict.yaml': 'rules:\n  unknown-clause: warning\n  clause-uncovered: off\n' });
    assert.equal(cli(['check', 'docs', '--format', 'json'], root).code, 1);
    const relaxed = cli(['check', 'docs', '--format', 'json', '--config', 'strict.yaml'], root);
    assert.equal(relaxed.code, 0);
    assert.equal(JSON.parse(relaxed.stdout)[0].severity, 'warning');
    const everything = workspace({ 'docs/plan.yaml': broken['docs/plan.yaml'] });
    assert.ok(JSON.parse(cli(['check', '--format', 'json'], everything).stdout).some((f: { rule: string }) => f.rule === 'clause-uncovered'));
  });

  // Issue 12: an invalid or unreadable configuration was reported and the check went on with
  // defaults (exit 0 or 1): a gate that passes under settings nobody wrote.
  it('reports problems of the configuration on stderr, still prints the check, and fails the gate', () => {
    const root = workspace({ ...broken, '.clause-guide.yaml': 'rules:\n  control-unmaped: warning\n  clause-uncovered: off\n' });
    const { code, stdout, stderr } = cli(['check', '--fail-on', 'never'], root);
    assert.equal(code, 2);
    assert.match(stdout, /unknown-clause/, 'the findings are still printed');
    assert.match(stderr, /\.clause-guide\.yaml:2:3: .*control-unmaped.*control-unmapped/);
    assert.match(stderr, /clause-guide: \.clause-guide\.yaml has 1 problem \(above\), so this check does not apply the configuration as written: it fails\. Correct the configuration\.\n$/);
  });

  it('fails the gate when .clause-guide.yaml cannot be read or does not parse, saying which file', () => {
    const clean = { 'tm.yaml': 'kind: threat-model\nclauses: ["7.2"]\n' };
    const unparsable = workspace({ ...clean, '.clause-guide.yaml': 'rules: [clause-uncovered: off\n' });
    const parsed = cli(['check', '--fail-on', 'never'], unparsable);
    assert.equal(parsed.code, 2);
    assert.match(parsed.stderr, /\.clause-guide\.yaml has \d+ problems? \(above\).*it fails/);
    const binary = workspace({ ...clean, '.clause-guide.yaml': '' });
    fs.writeFileSync(path.join(binary, '.clause-guide.yaml'), Buffer.from([0x72, 0x75, 0x6c, 0x65, 0x73, 0x00, 0xff]));
    const unreadable = cli(['check', '--fail-on', 'never'], binary);
    assert.equal(unreadable.code, 2);
    assert.match(unreadable.stderr, /\.clause-guide\.yaml:1:1: Cannot read \.clause-guide\.yaml: .*every setting keeps its default/);
    assert.match(unreadable.stderr, /this check does not apply the configuration as written: it fails/);
    const fine = workspace({ ...clean, '.clause-guide.yaml': 'rules:\n  clause-uncovered: off\n' });
    assert.deepEqual(cli(['check'], fine), { code: 0, stdout: 'No findings.\n', stderr: '' });
  });

  it('exits 2 on bad usage and unreadable input, without a stack trace', () => {
    const root = workspace({});
    for (const args of [['check', '--config', 'nope.yaml'], ['check', '--format', 'xml'], ['check', '--fail-on'], ['lint'], ['check', '--bogus'], ['check', 'missing-folder'], []]) {
      const { code, stderr, stdout } = cli(args, root);
      assert.equal(code, 2, args.join(' '));
      assert.doesNotMatch(stderr + stdout, /\n\s+at /, 'no stack trace');
    }
    assert.match(cli(['check', 'missing-folder'], root).stderr, /cannot read .*missing-folder/);
  });
});

describe('clause-guide coverage', () => {
  it('gives each applicable clause its status, the criteria met and unmet with where, and what is missing', () => {
    const root = workspace({
      'plan.yaml': 'kind: lifecycle-plan\nclauses: ["5.1.1"]\nphases: []\n',
      'tm.yaml': 'kind: threat-model\nthreats:\n  - id: TH-1\n    title: Spoofing\n    risk: high\n',
      'tr.yaml':
        'kind: tailoring-record\napprovers:\n  - name: Dana Ruiz\n    role: PSO\n    security_expertise: CSSLP\nentries:\n' +
        '  - clause: "5.7.4"\n    decision: not-applicable\n    justification: The product has no network interface to test.\n    approved_by: Dana Ruiz\n    date: 2026-10-01\n' +
        '  - clause: "5.7.3"\n    decision: not-applicable\n',
      'rr.yaml': 'kind: release-record\nrelease: "1.0"\ndecision: pending\nactivities:\n  - clause: "5.8.2"\n    status: done\n    record: reports/threat-tests.pdf\n  - clause: "5.8.3"\n    status: done\n    record: x\n',
      'reports/threat-tests.pdf': 'test report',
    });
    const { code, stdout } = cli(['coverage', '--format', 'json'], root);
    assert.equal(code, 0);
    const [report] = JSON.parse(stdout);
    const status = (id: string) => report.clauses.find((c: { clause: string }) => c.clause === id);
    assert.equal(status('5.1.1').status, 'claimed', 'a citation claims, it does not cover');
    assert.deepEqual(status('5.1.1').citations, ['plan.yaml:2']);
    assert.equal(status('7.3').status, 'covered');
    assert.deepEqual(status('7.3').criteria, [{ criterion: 'Every threat carries a risk rating.', met: true, where: ['tm.yaml:3 (threat TH-1)'] }]);
    assert.equal(status('5.8.2').status, 'covered', 'a done activity whose record is a file of the repository');
    assert.deepEqual(status('5.8.2').evidence, ['rr.yaml:7']);
    assert.equal(status('5.8.3').status, 'claimed');
    assert.ok(status('5.8.3').gaps.some((gap: string) => /"x" is neither a file in the repository/.test(gap)), status('5.8.3').gaps.join('\n'));
    assert.equal(status('5.7.4').status, 'tailored');
    assert.equal(status('5.7.4').tailoring, 'tr.yaml:7');
    assert.equal(status('5.7.3').status, 'pending');
    assert.deepEqual(status('5.7.3').gaps, ['tailoring entry: no justification', 'tailoring entry: no approval', 'tailoring entry: no approval date']);
    assert.equal(status('5.4.3').status, 'missing');
    assert.match(cli(['coverage'], root).stdout, /§5\.4\.3 Secure health software interfaces\s+missing/);
    assert.match(cli(['coverage', '--format', 'md'], root).stdout, /\| §5\.7\.4 \| .* \| tailored \| tr\.yaml:7 \|/);
  });

  it('refuses a format it does not have', () => {
    assert.equal(cli(['coverage', '--format', 'sarif'], workspace({})).code, 2);
  });
});

describe('the example workspace', () => {
  it('exercises every rule at least once', () => {
    const { stdout } = cli(['check', '--format', 'json', path.join(REPO_ROOT, 'examples', 'infusync')], REPO_ROOT);
    const fired = new Set(JSON.parse(stdout).map((f: { rule: string }) => f.rule));
    assert.deepEqual(RULES.map((rule) => rule.name).filter((name) => !fired.has(name)), []);
  });
});

describe('clause-guide arguments', () => {
  const overview = cli(['--help'], workspace({})).stdout;
  // The commands the overview lists, so a new command gets these checks too.
  const commands = [...overview.matchAll(/^ {2}([a-z]+) \[paths…\]/gm)].map((match) => match[1]);

  it('lists every command in the overview', () => {
    assert.deepEqual(commands, ['check', 'coverage', 'tailoring', 'matrix', 'diagram', 'report']);
  });

  it('prints each command\'s usage on --help, -h and `help <command>`, and exits 0', () => {
    const root = workspace({});
    for (const command of commands) {
      for (const args of [[command, '--help'], [command, '-h'], ['help', command], [command, 'some/path', '--format', 'md', '--help']]) {
        const { code, stdout, stderr } = cli(args, root);
        assert.equal(code, 0, args.join(' '));
        assert.equal(stderr, '', args.join(' '));
        assert.match(stdout, new RegExp(`^Usage: clause-guide ${command} \\[paths…\\]`), args.join(' '));
        assert.match(stdout, /--format/);
      }
    }
    assert.match(cli(['check', '--help'], root).stdout, /--fail-on/);
    assert.doesNotMatch(cli(['coverage', '--help'], root).stdout, /--fail-on/, 'only the options the command has');
    assert.match(cli(['tailoring', '--help'], root).stdout, /--write/);
  });

  it('prints the overview on --help and exits 0; without a command it exits 2 with the overview on stderr', () => {
    const root = workspace({});
    assert.equal(cli(['--help'], root).code, 0);
    assert.equal(cli(['help'], root).code, 0);
    const bare = cli([], root);
    assert.equal(bare.code, 2);
    assert.equal(bare.stdout, '');
    assert.match(bare.stderr, /^Usage: clause-guide <command>/m);
  });

  it('takes options before, between and after paths, and -- ends the options', () => {
    const root = workspace({ '.clause-guide.yaml': 'rules:\n  clause-uncovered: off\n', '--odd.yaml': 'kind: threat-model\nclauses: ["9.9"]\n', 'docs/tm.yaml': 'kind: threat-model\nclauses: ["7.2"]\n' });
    const files = (args: string[]) => JSON.parse(cli(args, root).stdout).map((f: { file: string }) => f.file);
    assert.deepEqual(files(['check', '--format=json', '--', '--odd.yaml']), ['--odd.yaml']);
    assert.deepEqual(files(['check', 'docs', '--format', 'json', '--fail-on', 'never']), []);
    assert.equal(cli(['check', '--fail-on', 'never', '--', '--odd.yaml'], root).code, 0);
  });

  it('names the problem of a bad option in one line, then the command\'s usage', () => {
    const root = workspace({});
    const cases: [string[], RegExp][] = [
      [['check', '--bogus'], /^clause-guide: unknown option --bogus\n/],
      [['coverage', '--fail-on', 'warning'], /^clause-guide: unknown option --fail-on\n/],
      [['check', '--write'], /^clause-guide: unknown option --write\n/],
      [['tailoring', '--write=yes'], /^clause-guide: --write takes no value\n/],
      [['check', '--format'], /^clause-guide: --format needs a value\n/],
      [['check', '--format', 'xml'], /^clause-guide: --format must be text, json, sarif, junit or gitlab, not "xml"\n/],
      [['check', '--fail-on', 'info'], /^clause-guide: --fail-on must be error, warning or never, not "info"\n/],
      [['lint'], /^clause-guide: unknown command "lint"\n/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr, stdout } = cli(args, root);
      assert.equal(code, 2, args.join(' '));
      assert.equal(stdout, '');
      assert.match(stderr, message, args.join(' '));
      assert.match(stderr, /Usage: clause-guide/);
    }
  });
});

describe('clause-guide: input it could not read fails the gate', () => {
  const quiet = 'rules:\n  clause-uncovered: off\n';
  const clean = 'kind: threat-model\nclauses: ["7.2"]\n';
  // What Notepad and PowerShell 5 write as "Unicode" is UTF-16LE; without its byte-order mark it is NUL bytes to us.
  const utf16 = Buffer.from('kind: threat-model\nthreats:\n  - id: TH-1\n', 'utf16le');
  const binaryWorkspace = () => {
    const root = workspace({ '.clause-guide.yaml': quiet, 'security/tm.yaml': clean });
    fs.writeFileSync(path.join(root, 'security', 'threat-model.yaml'), utf16);
    return root;
  };

  it('a threat model named on the command line that cannot be read: exit 2, whatever --fail-on says, with the file and why', () => {
    const root = binaryWorkspace();
    for (const failOn of ['error', 'warning', 'never']) {
      const { code, stdout, stderr } = cli(['check', 'security/threat-model.yaml', '--fail-on', failOn], root);
      assert.equal(code, 2, failOn);
      assert.match(stderr, /^clause-guide: cannot read security\/threat-model\.yaml: binary file \(it contains NUL bytes\)/m);
      assert.match(stderr, /1 file could not be read, so it is not checked: this check fails\./);
      assert.doesNotMatch(stdout, /No findings\./, 'stdout must not say all is well');
      assert.match(stdout, /1 file could not be read/);
    }
  });

  it('a file found by walking a folder that cannot be read fails the gate too; the rest is still checked and reported', () => {
    const root = binaryWorkspace();
    fs.writeFileSync(path.join(root, 'security', 'plan.md'), Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xe9, 0x0a]));
    fs.writeFileSync(path.join(root, 'security', 'bad.yaml'), 'kind: threat-model\nclauses: ["9.9"]\n');
    const { code, stdout, stderr } = cli(['check', '--format', 'json'], root);
    assert.equal(code, 2);
    assert.deepEqual(JSON.parse(stdout).map((f: { file: string; rule: string }) => [f.file, f.rule]), [['security/bad.yaml', 'unknown-clause']]);
    assert.match(stderr, /cannot read security\/plan\.md: not UTF-8 text/);
    assert.match(stderr, /cannot read security\/threat-model\.yaml: binary file/);
    assert.match(stderr, /2 files could not be read, so they are not checked: this check fails\./);
  });

  it('a file the configuration excludes is not read, so it does not fail the gate', () => {
    const root = binaryWorkspace();
    fs.writeFileSync(path.join(root, '.clause-guide.yaml'), `${quiet}exclude: ["security/threat-model.yaml"]\n`);
    const { code, stderr } = cli(['check'], root);
    assert.equal(stderr, '');
    assert.equal(code, 0);
  });

  it('a device, a pipe or a dangling link is reported and fails the gate, named or found', function () {
    if (process.platform === 'win32') this.skip();
    const root = workspace({ '.clause-guide.yaml': quiet, 'tm.yaml': clean });
    const named = cli(['check', '/dev/null', 'tm.yaml'], root);
    assert.equal(named.code, 2);
    assert.match(named.stderr, /cannot read \S*dev\/null: not a regular file/);
    fs.symlinkSync(path.join(root, 'gone.yaml'), path.join(root, 'dangling.yaml'));
    execFileSync('mkfifo', [path.join(root, 'pipe.yaml')]);
    const found = cli(['check'], root);
    assert.equal(found.code, 2);
    assert.match(found.stderr, /cannot read dangling\.yaml: it no longer exists/);
    assert.match(found.stderr, /cannot read pipe\.yaml: not a regular file/);
  });

  it('SARIF says the run did not read everything, and JUnit has a failing case per unread file', () => {
    const root = binaryWorkspace();
    const sarif = JSON.parse(cli(['check', '--format', 'sarif'], root).stdout);
    const [invocation] = sarif.runs[0].invocations;
    assert.equal(invocation.executionSuccessful, false);
    assert.equal(invocation.toolExecutionNotifications[0].level, 'error');
    assert.equal(invocation.toolExecutionNotifications[0].locations[0].physicalLocation.artifactLocation.uri, 'security/threat-model.yaml');
    assert.match(invocation.toolExecutionNotifications[0].message.text, /binary file/);
    const junit = cli(['check', '--format', 'junit'], root).stdout;
    assert.match(junit, /<testcase classname="security\/threat-model\.yaml" name="unreadable security\/threat-model\.yaml"><error type="unreadable" message="binary file/);
    assert.match(junit, /<testsuites name="clause-guide" tests="1" failures="0" errors="1">/);
  });

  it('coverage, matrix and diagram exit 2 too, and tailoring --write writes nothing', () => {
    const root = binaryWorkspace();
    for (const command of ['coverage', 'matrix', 'diagram', 'tailoring']) assert.equal(cli([command], root).code, 2, command);
    const before = fs.readdirSync(path.join(root, 'security')).sort();
    const write = cli(['tailoring', '--write'], root);
    assert.equal(write.code, 2);
    assert.match(write.stderr, /nothing written/);
    assert.deepEqual(fs.readdirSync(path.join(root, 'security')).sort(), before);
  });
});
