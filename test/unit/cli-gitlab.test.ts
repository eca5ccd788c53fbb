// `check --format gitlab`: the Code Climate issues GitLab's code-quality report reads. The schema
// below is GitLab's documented format (https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format):
// a JSON array of issues, each with description, check_name, fingerprint, severity (one of
// info, minor, major, critical, blocker), location.path relative to the repository and
// location.lines.begin.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { cli, workspace } from '../support/cli';

const GITLAB_CODE_QUALITY = {
  type: 'array',
  items: {
    type: 'object',
    required: ['description', 'check_name', 'fingerprint', 'severity', 'location'],
    properties: {
      description: { type: 'string', minLength: 1 },
      check_name: { type: 'string', minLength: 1 },
      fingerprint: { type: 'string', minLength: 1 },
      severity: { enum: ['info', 'minor', 'major', 'critical', 'blocker'] },
      location: {
        type: 'object',
        required: ['path', 'lines'],
        properties: {
          path: { type: 'string', minLength: 1 },
          lines: { type: 'object', required: ['begin'], properties: { begin: { type: 'integer', minimum: 1 } } },
        },
      },
    },
  },
};

interface Issue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: string;
  location: { path: string; lines: { begin: number } };
}

const validate = new Ajv({ strict: true, allErrors: true }).compile(GITLAB_CODE_QUALITY);

function gitlab(root: string, args: string[] = []): { issues: Issue[]; code: number } {
  const { stdout, code } = cli(['check', '--format', 'gitlab', ...args], root);
  const issues = JSON.parse(stdout) as Issue[];
  assert.ok(validate(issues), JSON.stringify(validate.errors));
  return { issues, code };
}

const threats = (clauses: string) => `kind: threat-model\nclauses: [${clauses}]\nthreats:\n  - id: TH-1\n    title: Tampering with the pump's dose\n`;

describe('clause-guide check --format gitlab', () => {
  it('writes GitLab\'s code-quality issues: relative paths, 1-based lines, our severities mapped, the same exit code as text', () => {
    const root = workspace({ '.clause-guide.yaml': 'rules:\n  clause-uncovered: off\n  threat-unmitigated: warning\n', 'security/threat-model.yaml': threats('"9.9"') });
    const { issues, code } = gitlab(root);
    const json = JSON.parse(cli(['check', '--format', 'json'], root).stdout) as { file: string; rule: string; severity: string; message: string; range: { start: { line: number } } }[];
    assert.ok(json.some((f) => f.severity === 'error') && json.some((f) => f.severity === 'warning'), 'the workspace has errors and warnings');
    assert.equal(issues.length, json.length);
    const expected = { error: 'major', warning: 'minor', information: 'info', hint: 'info' } as Record<string, string>;
    for (const finding of json) {
      const issue = issues.find((i) => i.check_name === finding.rule && i.description === finding.message);
      assert.ok(issue, `an issue for ${finding.rule}`);
      assert.equal(issue.location.path, 'security/threat-model.yaml');
      assert.ok(fs.existsSync(path.join(root, issue.location.path)), 'the path resolves from the repository root');
      assert.equal(issue.location.lines.begin, finding.range.start.line + 1);
      assert.equal(issue.severity, expected[finding.severity]);
    }
    assert.equal(code, cli(['check'], root).code);
    assert.equal(code, 1);
  });

  it('keeps each fingerprint when lines move, tells alike findings in one file apart, and gives the same ones on a second run', () => {
    const before = workspace({ '.clause-guide.yaml': 'rules:\n  clause-uncovered: off\n', 'tm.yaml': threats('"9.9", "9.9"') });
    const after = workspace({ '.clause-guide.yaml': 'rules:\n  clause-uncovered: off\n', 'tm.yaml': `# moved down\n\n${threats('"9.9", "9.9"')}` });
    const first = gitlab(before).issues;
    const fingerprints = first.map((i) => i.fingerprint);
    assert.equal(first.filter((i) => i.check_name === 'unknown-clause').length, 2, 'two alike findings');
    assert.equal(new Set(fingerprints).size, fingerprints.length, 'unique');
    assert.deepEqual(gitlab(before).issues.map((i) => i.fingerprint), fingerprints, 'stable between runs');
    const moved = gitlab(after).issues;
    assert.notDeepEqual(moved.map((i) => i.location.lines.begin), first.map((i) => i.location.lines.begin));
    assert.deepEqual(moved.map((i) => i.fingerprint).sort(), [...fingerprints].sort(), 'same fingerprints after the lines moved');
  });

  it('a file that could not be read is an issue of its own, so the merge request shows it', () => {
    const root = workspace({ '.clause-guide.yaml': 'rules:\n  clause-uncovered: off\n' });
    fs.writeFileSync(path.join(root, 'threat-model.yaml'), Buffer.from('kind: threat-model\nthreats:\n  - id: TH-1\n', 'utf16le'));
    const { issues, code } = gitlab(root);
    assert.equal(code, 2);
    const unread = issues.find((i) => i.location.path === 'threat-model.yaml');
    assert.ok(unread);
    assert.equal(unread.check_name, 'unreadable-file');
    assert.equal(unread.severity, 'critical');
  });
});
