// The example workspace's gateway (examples/infusync, project ".") covers the clauses of software
// testing and release (5.7, 5.8), maintenance (6), risk management (7), problem resolution (9), and
// Annex E through what its documents say, not through tailoring or citations. A content change that
// loses a criterion, or a demonstration of a rule left in the gateway instead of the legacy bridge,
// turns one of these from covered to claimed and fails here.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { cli } from '../support/cli';
import { REPO_ROOT } from '../support/fixtures';

const COVERED_BY_CONTENT = [
  '4.1.7',
  '5.7.2', '5.7.3', '5.7.4',
  '5.8.1', '5.8.2', '5.8.3', '5.8.4', '5.8.6', '5.8.7',
  '6.2.1', '6.2.2', '6.3.1', '6.3.2', '6.3.3',
  '7.1.1', '7.1.2', '7.3', '7.5',
  '9.1', '9.2', '9.4', '9.5',
  'E.2.1', 'E.2.2', 'E.2.3', 'E.2.5',
];

interface ClauseEntry {
  clause: string;
  status: string;
  gaps?: string[];
  criteria: { met: boolean; where: string[] }[];
}

describe('the example gateway covers testing, release, maintenance, risk and problem resolution by content', function () {
  this.timeout(60000);

  it('reports each of those clauses covered, every criterion met with a location', () => {
    const { stdout } = cli(['coverage', '--format', 'json', path.join(REPO_ROOT, 'examples', 'infusync')], REPO_ROOT);
    const projects = JSON.parse(stdout) as { project: string; clauses: ClauseEntry[] }[];
    const gateway = projects.find((project) => project.project === '.')!;
    assert.ok(gateway, projects.map((project) => project.project).join(', '));
    const byId = new Map(gateway.clauses.map((entry) => [entry.clause, entry]));
    const notCovered = COVERED_BY_CONTENT.filter((id) => byId.get(id)?.status !== 'covered').map((id) => `${id}: ${byId.get(id)?.status} ${JSON.stringify(byId.get(id)?.gaps ?? [])}`);
    assert.deepEqual(notCovered, []);
    for (const id of COVERED_BY_CONTENT) {
      const entry = byId.get(id)!;
      assert.ok(entry.criteria.length > 0, `${id} is covered by criteria, not by a tailoring entry`);
      for (const result of entry.criteria) assert.ok(result.met && result.where.length > 0, `${id}: every criterion met at a place`);
    }
  });
});
