import { strict as assert } from 'node:assert';
import { DEFAULT_CONFIG, RULES, checkDocument, nearestClauseIds, type Finding } from '../../server/src/engine';
import { applyEdits, parse, testCatalog, textAt } from '../support/fixtures';
import { onlyRules } from '../support/workspace';

const catalog = testCatalog();
// Only the rules under test: a minimal file would also fire every set-level rule.
const check = (text: string, fileName: string, severities?: Record<string, 'off' | 'warning'>) =>
  checkDocument(parse(text, fileName), catalog, { ...DEFAULT_CONFIG, rules: { ...onlyRules('unknown-clause').rules, ...severities } });

/** Applies a finding's first (preferred) fix and returns the new text. */
function applyPreferredFix(text: string, finding: Finding): string {
  const fix = finding.fixes?.().find((f) => f.isPreferred) ?? finding.fixes?.()[0];
  assert.ok(fix, `finding ${finding.rule} has a fix`);
  return applyEdits(text, fix.edits[finding.uri]);
}

describe('rule registry', () => {
  it('gives every rule a name, default severity and description, with unique names', () => {
    const names = RULES.map((rule) => rule.name);
    assert.equal(new Set(names).size, names.length);
    for (const rule of RULES) {
      assert.match(rule.name, /^[a-z]+(-[a-z]+)*$/);
      assert.ok(['error', 'warning', 'information', 'hint'].includes(rule.defaultSeverity));
      assert.ok(rule.description.length > 20);
    }
  });
});

describe('unknown-clause', () => {
  const yamlText = 'kind: lifecycle-plan\nphases:\n  - name: design\n    activities:\n      - id: ACT-1\n        clauses: ["5.3.9", "7.2"]\n';

  it('fires on a number the standard does not have, at the number itself', () => {
    const findings = check(yamlText, 'plan.yaml');
    assert.equal(findings.length, 1);
    const [finding] = findings;
    assert.equal(finding.rule, 'unknown-clause');
    assert.equal(finding.severity, 'error');
    assert.equal(textAt(yamlText, finding.range), '5.3.9');
    assert.match(finding.message, /no clause 5\.3\.9.*Did you mean 5\.3\.3/);
  });

  it('is fixed by its preferred quick fix, and nothing else changes', () => {
    const [finding] = check(yamlText, 'plan.yaml');
    const fixed = applyPreferredFix(yamlText, finding);
    assert.equal(fixed, yamlText.replace('5.3.9', '5.3.3'));
    assert.deepEqual(check(fixed, 'plan.yaml'), []);
  });

  it('fires in Markdown documents, in prose and in front matter', () => {
    const text = '---\nkind: security-requirements\nclauses: ["5.2.7"]\n---\n# Requirements\nPer IEC 81001-5-1 5.2.1 and §12.4.\n';
    const findings = check(text, 'req.md');
    assert.deepEqual(findings.map((f) => textAt(text, f.range)), ['5.2.7', '12.4']);
    const fixedOnce = applyPreferredFix(text, findings[0]);
    assert.deepEqual(check(fixedOnce, 'req.md').map((f) => textAt(fixedOnce, f.range)), ['12.4']);
  });

  it('stays silent on valid references and on files that are not security documents', () => {
    assert.deepEqual(check('kind: threat-model\nclauses: ["7.2", "7.3", "E.2.1", "8"]\n', 'tm.yaml'), []);
    assert.deepEqual(check('# Notes\nSee §99.9.\n', 'README.md'), []);
    assert.deepEqual(check('name: ci\nclause: 99\n', '.github/workflows/ci.yml'), []);
  });

  it('honours a severity override and "off"', () => {
    assert.equal(check(yamlText, 'plan.yaml', { 'unknown-clause': 'warning' })[0].severity, 'warning');
    assert.deepEqual(check(yamlText, 'plan.yaml', { 'unknown-clause': 'off' }), []);
  });

  it('suggests the nearest numbers first', () => {
    assert.deepEqual(nearestClauseIds(catalog, '5.3.9'), ['5.3.3', '5.3.2', '5.3.1']);
    assert.equal(nearestClauseIds(catalog, '5.8.8')[0].startsWith('5.8.'), true);
    assert.equal(nearestClauseIds(catalog, '7.22')[0], '7.2');
  });
});

describe('syntax-error', () => {
  it('reports where the YAML breaks, in a file that declares a security kind', () => {
    const text = 'kind: threat-model\nthreats:\n  - id: TH-1\n    title: "unterminated\n';
    const findings = check(text, 'tm.yaml');
    assert.ok(findings.length >= 1);
    assert.ok(findings.every((f) => f.rule === 'syntax-error' && f.severity === 'error'));
    assert.ok(findings[0].range.start.line >= 3, 'points at the broken line, not line 0');
  });

  it('reports broken front matter in a Markdown document', () => {
    const text = '---\nkind: threat-model\nthreats: [a, b\n---\n# TM\n';
    const findings = check(text, 'tm.md');
    assert.ok(findings.some((f) => f.rule === 'syntax-error'));
  });

  it('is silent on a valid document', () => {
    assert.deepEqual(check('kind: threat-model\nthreats: []\n', 'tm.yaml'), []);
  });
});

describe('nearest clause', () => {
  it('prefers the closest sibling when several are one edit away', () => {
    assert.equal(nearestClauseIds(testCatalog(), '7.6')[0], '7.5');
    assert.equal(nearestClauseIds(testCatalog(), '5.7.6')[0], '5.7.5');
    assert.equal(nearestClauseIds(testCatalog(), '5.3.9')[0], '5.3.3');
  });
});
