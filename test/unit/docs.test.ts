import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../../server/src/engine';
import { REPO_ROOT } from '../support/fixtures';

describe('documentation', () => {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');

  it('lists every rule with its clause and default severity in the README rule table', () => {
    for (const rule of RULES) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${rule.name}\` |`));
      assert.ok(row, `README has a row for ${rule.name}`);
      const [, , clause, severity] = row.split('|').map((cell) => cell.trim());
      assert.equal(clause, rule.clause ? `§${rule.clause}` : '—', rule.name);
      assert.ok(severity.startsWith(rule.defaultSeverity), `${rule.name}: ${severity}`);
    }
  });
});
