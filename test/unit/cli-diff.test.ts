// `clause-guide diff REF1..REF2`: two commits of a temporary git repository, read through git.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, workspace } from '../support/cli';

const CONFIG = 'rules:\n  clause-uncovered: off\n';
const TM = (threats: string) => `kind: threat-model\nthreats:\n${threats}`;
const TH1 = '  - id: TH-1\n    title: Dose tampering\n    risk: low\n';
const TH2 = '  - id: TH-2\n    title: Replay of pump commands\n    risk: medium\n';
const TH3 = '  - id: TH-3\n    title: Firmware downgrade\n    risk: high\n';
const ARCH = 'kind: security-architecture\ncontrols:\n  - id: CTL-1\n    title: Signed dose commands\n    layer: application\n    mitigates: [TH-1]\n    safety_impact: none\n';

function git(repo: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, encoding: 'utf8', timeout: 20_000 });
}

/** A repository with tag v1 and tag v2, and uncommitted edits on top that the diff must not see. */
function repository(): string {
  const repo = workspace({ '.clause-guide.yaml': CONFIG, 'security/threat-model.yaml': TM(TH1 + TH2), 'security/security-architecture.yaml': ARCH, 'notes/readme.md': '# notes\n' });
  git(repo, 'init', '-q');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'v1');
  git(repo, 'tag', 'v1');
  fs.writeFileSync(path.join(repo, 'security/threat-model.yaml'), TM(TH1.replace('risk: low', 'risk: high') + TH3));
  git(repo, 'commit', '-qam', 'v2');
  git(repo, 'tag', 'v2');
  fs.writeFileSync(path.join(repo, 'security/threat-model.yaml'), TM('  - id: TH-99\n    title: Uncommitted\n'));
  return repo;
}

describe('clause-guide diff', () => {
  let repo: string;
  before(() => {
    repo = repository();
  });

  it('lists exactly the items changed between two commits, and the findings that appeared and closed', () => {
    const { code, stdout, stderr } = cli(['diff', 'v1..v2', '--format', 'json'], repo);
    assert.equal(code, 0, stderr);
    const diff = JSON.parse(stdout);
    const name = (item: { collection: string; key: string; file: string }) => `${item.collection} ${item.key} ${item.file}`;
    assert.deepEqual(diff.added.map(name), ['threats TH-3 security/threat-model.yaml']);
    assert.deepEqual(diff.removed.map(name), ['threats TH-2 security/threat-model.yaml']);
    assert.deepEqual(diff.changed.map((item: { key: string; fields: unknown }) => [item.key, item.fields]), [['TH-1', [{ field: 'risk', before: 'low', after: 'high' }]]]);
    const rules = (list: { rule: string; message: string }[]) => list.map((f) => `${f.rule} ${f.message.match(/TH-\d+/)?.[0]}`);
    // TH-3 came without a residual risk, TH-2 went with its missing one.
    assert.deepEqual(rules(diff.appeared), ['residual-risk-unassessed TH-3', 'threat-unmitigated TH-3', 'threat-untreated TH-3']);
    assert.deepEqual(rules(diff.closed), ['residual-risk-unassessed TH-2', 'threat-unmitigated TH-2']);
    assert.ok(!stdout.includes('TH-99'), 'the working tree is not read');
  });

  it('REF.. is REF..HEAD; text and Markdown say the same; a path limits the diff', () => {
    const text = cli(['diff', 'v1..'], repo);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^ {2}\+ threats TH-3 \(security\/threat-model\.yaml:\d+\)$/m);
    assert.match(text.stdout, /^ {6}risk: low → high$/m);
    assert.match(cli(['diff', 'v1..v2', '--format', 'md'], repo).stdout, /^\| threats TH-1 \| risk \| low \| high \|$/m);
    const limited = JSON.parse(cli(['diff', 'v1..v2', 'notes', '--format', 'json'], repo).stdout);
    assert.deepEqual([limited.added, limited.removed, limited.changed], [[], [], []]);
  });

  it('refuses what is not a ref, a range or a path inside the repository, and never runs it', () => {
    const cases: [string[], RegExp][] = [
      [['diff'], /diff needs REF1\.\.REF2/],
      [['diff', 'v1'], /REF1\.\.REF2/],
      [['diff', '--', '--output=pwned..v2'], /is not a git ref/],
      [['diff', 'v1;touch pwned..v2'], /is not a git ref/],
      [['diff', '$(touch pwned)..v2'], /is not a git ref/],
      [['diff', 'nope..v2'], /no commit "nope"/],
      [['diff', 'v1..v2', '..'], /outside the repository/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = cli(args, repo);
      assert.equal(code, 2, args.join(' '));
      assert.match(stderr, message, args.join(' '));
    }
    assert.ok(!fs.existsSync(path.join(repo, 'pwned')) && !fs.existsSync(path.join(repo, 'security', 'pwned')));
  });

  it('outside a git repository: one line, exit 2', () => {
    const { code, stderr } = cli(['diff', 'v1..v2'], workspace({}));
    assert.equal(code, 2);
    assert.match(stderr, /^clause-guide: .*not a git repository/im);
  });
});
