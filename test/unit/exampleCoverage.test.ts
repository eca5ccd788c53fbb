// The example workspace is covered through its content, clause by clause (issue 13): each clause
// below is `covered` in the gateway's project, and by the documents named here, so a change that
// empties a record, drops a field or brings back an open finding of the clause's rules fails here.
// The findings that showed those gaps moved to the legacy-bridge project, which exists to show them.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { cli } from '../support/cli';
import { REPO_ROOT } from '../support/fixtures';

const EXAMPLE = path.join(REPO_ROOT, 'examples', 'infusync');

interface CriterionJson {
  criterion: string;
  met: boolean;
  where: string[];
}
interface ClauseJson {
  clause: string;
  status: string;
  criteria: CriterionJson[];
  gaps: string[];
}
interface ProjectJson {
  project: string;
  clauses: ClauseJson[];
}

/**
 * Per clause: a pattern each of its criteria's evidence must match (in order of the criteria),
 * naming the document (and for a record, the record file) that meets it.
 */
const COVERED_BY: Record<string, RegExp[]> = {
  '4.1.1': [/^security\/lifecycle-plan\.yaml:\d+ \(record \.\.\/docs\/records\/QMS-SOP-012-product-security\.md\)$/],
  '4.1.4': [/^security\/tailoring-record\.yaml:\d+ \(approver /, /^security\/security-organization\.md:\d+ \(people P-/, /^security\/security-organization\.md:\d+ \(review_interval /],
  '4.1.7': [/^security\/vulnerability-handling\.yaml:\d+ \(record SEC-POL-003 v2, approved 2026-01-15\)$/, /^security\/vulnerability-handling\.yaml:\d+ \(channel CH-/],
  '4.1.9': [/^security\/security-organization\.md:\d+ \(accompanying_document /],
  '4.3': [/^security\/maintenance-plan\.yaml:\d+ \(software_item SI-/],
  '5.1.1': [/^security\/lifecycle-plan\.yaml:\d+ \(activity ACT-/, /^security\/lifecycle-plan\.yaml:\d+ \(phase on line \d+\)$/],
  '5.2.1': Array(3).fill(/^(security\/security-requirements\.yaml|docs\/security-overview\.md):\d+ \(requirement SR-/),
  '5.2.2': [/^security\/security-requirements\.yaml:\d+ \(reviewed of security-requirements\)$/, /^security\/lifecycle-plan\.yaml:\d+ \(record \.\.\/docs\/records\/SRR-2026-09-02-minutes\.md\)$/],
  '5.2.3': [/\(threat (TH|TD)-/, /^security\/lifecycle-plan\.yaml:\d+ \(record \.\.\/docs\/records\/required-software-risk-assessment\.md\)$/],
  '5.3.1': [
    /^security\/security-architecture\.yaml:\d+ \(zone Z-/,
    /^security\/security-architecture\.yaml:\d+ \(boundary TB-/,
    /^security\/security-architecture\.yaml:\d+ \(control CTL-/,
    /^security\/security-architecture\.yaml:\d+ \(reviewed of security-architecture\)$/,
  ],
  '5.3.2': [/^security\/lifecycle-plan\.yaml:\d+ \(record \.\.\/docs\/records\/secure-design-principles\.md\)$/],
  '5.3.3': [/^security\/security-architecture\.yaml:\d+ \(reviewed of security-architecture\)$/, /^security\/lifecycle-plan\.yaml:\d+ \(record \.\.\/docs\/records\/ARB-2026-09-24-minutes\.md\)$/],
  '5.4.1': [/^security\/lifecycle-plan\.yaml:\d+ \(record \.\.\/docs\/records\/software-design-security\.md\)$/],
  '5.4.2': [/^security\/lifecycle-plan\.yaml:\d+ \(record \.\.\/docs\/records\/software-design-security\.md\)$/],
  '5.4.3': [/^security\/lifecycle-plan\.yaml:\d+ \(record \.\.\/docs\/records\/interface-security-specification\.md\)$/],
  '5.4.4': [/^security\/lifecycle-plan\.yaml:\d+ \(record \.\.\/docs\/records\/detailed-design-security-review\.md\)$/],
  '5.8.5': [/^security\/release-record\.yaml:\d+ \(decision of release-record\)$/, /^security\/release-record\.yaml:\d+ \(finding F-/],
  '6.1.1': [/^security\/maintenance-plan\.yaml:\d+ \(update_target UT-/],
  '9.3': [/^security\/vulnerability-handling\.yaml:\d+ \(report VR-/],
  // Threat Dragon's threats (TD-n) are completed by their assessments in the threat model.
  '7.2': [
    /^security\/threat-model\.yaml:\d+ \(method of threat-model\)$/,
    /^security\/threat-model\.yaml:\d+ \(reviewed of threat-model\)$/,
    /^security\/(threat-model\.yaml:\d+ \(threat TH-|clinician-access\.threat-dragon\.json:\d+ \(threat TD-|threat-model\.yaml:\d+ \(threat_assessment TA-TD-)/,
  ],
  '5.7.5': [/^security\/security-verification\.yaml:\d+ \(test_independence IND-/, /^security\/security-verification\.yaml:\d+ \(test [A-Z]+-/],
  '7.4': [
    /^security\/(threat-model\.yaml:\d+ \(threat TH-|clinician-access\.threat-dragon\.json:\d+ \(threat TD-|threat-model\.yaml:\d+ \(threat_assessment TA-TD-)/,
    /^security\/security-architecture\.yaml:\d+ \(control CTL-/,
    /^security\/security-architecture\.yaml:\d+ \(control CTL-/,
  ],
};

/** The rules of those clauses whose demonstrations live in legacy-bridge now, with the file each fires in. */
const SHOWN_IN_LEGACY_BRIDGE: Record<string, string> = {
  'expertise-review-overdue': 'legacy-bridge/security-organization.md',
  'accompanying-document-incomplete': 'legacy-bridge/security-organization.md',
  'software-item-unclassified': 'legacy-bridge/maintenance-plan.yaml',
  'update-target-missing': 'legacy-bridge/maintenance-plan.yaml',
  'vulnerability-unassessed': 'legacy-bridge/grype.json',
  'vex-justification-missing': 'legacy-bridge/bridge.openvex.json',
  'threat-unmitigated': 'legacy-bridge/threat-model.yaml',
  'threat-untreated': 'legacy-bridge/threat-model.yaml',
  'risk-acceptance-missing': 'legacy-bridge/threat-model.yaml',
  'residual-risk-unassessed': 'legacy-bridge/threat-model.yaml',
  'hazard-link-missing': 'legacy-bridge/threat-model.yaml',
  'risk-acceptance-criteria-missing': 'legacy-bridge/security-risk-management.md',
  'clause-uncovered': 'legacy-bridge/tailoring-record.yaml',
  'test-independence-missing': 'legacy-bridge/security-verification.yaml',
  'tailoring-justification-missing': 'legacy-bridge/tailoring-record.yaml',
  'tailoring-deferral-due-missing': 'legacy-bridge/tailoring-record.yaml',
  'tailoring-approval-missing': 'legacy-bridge/tailoring-record.yaml',
  'tailoring-deferral-overdue': 'legacy-bridge/tailoring-record.yaml',
  'requirement-untraced': 'legacy-bridge/requirements.md',
  'item-changed-since-review': 'legacy-bridge/requirements.md',
  'boundary-without-control': 'legacy-bridge/threats-and-architecture.yaml',
  'control-unmapped': 'legacy-bridge/threats-and-architecture.yaml',
  'control-safety-impact-missing': 'legacy-bridge/threats-and-architecture.yaml',
  'architecture-review-stale': 'legacy-bridge/threats-and-architecture.yaml',
};

/** The clause is covered, every criterion met, each at places that match its pattern. */
function assertCoveredAt(project: ProjectJson | undefined, id: string, patterns: RegExp[], judged: string): void {
  const clause = project?.clauses.find((entry) => entry.clause === id);
  assert.ok(clause, judged);
  assert.deepEqual(clause.gaps, [], `${id} has no gaps`);
  assert.equal(clause.status, 'covered');
  assert.equal(clause.criteria.length, patterns.length, `${id} has ${patterns.length} criteria`);
  clause.criteria.forEach((criterion, i) => {
    assert.ok(criterion.met, `${id}: ${criterion.criterion}`);
    assert.ok(criterion.where.length > 0, `${id}: ${criterion.criterion} names where`);
    for (const where of criterion.where) assert.match(where, patterns[i], `${id}: ${criterion.criterion}`);
  });
}

describe('the example workspace covers chapter 4 and 5.1–5.4 through content', () => {
  const run = cli(['coverage', '--format', 'json', '.'], EXAMPLE);
  const projects = JSON.parse(run.stdout) as ProjectJson[];
  const gateway = projects.find((project) => project.project === '.');

  for (const [id, patterns] of Object.entries(COVERED_BY)) {
    it(`${id} is covered, by the documents that say it`, () => {
      assertCoveredAt(gateway, id, patterns, `the gateway's project reports ${id}`);
    });
  }

  it('covers every applicable clause of the gateway by content or a decided tailoring entry: 62 covered, 1 tailored (4.1.5)', () => {
    assert.ok(gateway, projects.map((project) => project.project).join(', '));
    const byStatus = new Map<string, string[]>();
    for (const clause of gateway.clauses) byStatus.set(clause.status, [...(byStatus.get(clause.status) ?? []), clause.clause]);
    const notCovered = gateway.clauses.filter((clause) => clause.status !== 'covered' && clause.status !== 'tailored').map((clause) => `${clause.clause} ${clause.status}: ${clause.gaps.join(' ')}`);
    assert.deepEqual(notCovered, []);
    assert.deepEqual(byStatus.get('tailored'), ['4.1.5']);
    assert.equal(byStatus.get('covered')?.length, 62);
  });

  it('shows the rules of those clauses firing in legacy-bridge, not in the gateway', () => {
    const findings = JSON.parse(cli(['check', '--format', 'json', '.'], EXAMPLE).stdout) as { file: string; rule: string }[];
    for (const [rule, file] of Object.entries(SHOWN_IN_LEGACY_BRIDGE)) {
      const files = new Set(findings.filter((finding) => finding.rule === rule).map((finding) => finding.file));
      assert.deepEqual([...files], [file], `${rule} fires in ${file} only`);
    }
  });
});

/**
 * The legacy bridge is transitional health software (its .clause-guide.yaml says so): Annex F is
 * judged there, and met by what its documents say, criterion by criterion (the gateway, built
 * under the standard, is not transitional and has no Annex F items).
 */
const ANNEX_F_BY: Record<string, RegExp[]> = {
  'F.2': [
    /^legacy-bridge\/transitional-assessment\.md:\d+ \(assessed_by of transitional-assessment\)$/,
    /^legacy-bridge\/transitional-assessment\.md:\d+ \(assessed_on of transitional-assessment\)$/,
    /^legacy-bridge\/transitional-assessment\.md:\d+ \(gap LG-\d+\)$/,
  ],
  'F.3': [
    /^legacy-bridge\/transitional-assessment\.md:\d+ \(rationale of transitional-assessment\)$/,
    /^legacy-bridge\/transitional-assessment\.md:\d+ \(approved_by of transitional-assessment\)$/,
    /^legacy-bridge\/transitional-assessment\.md:\d+ \(approved_on of transitional-assessment\)$/,
    /^legacy-bridge\/transitional-assessment\.md:\d+ \(gap LG-\d+\)$/,
    /^legacy-bridge\/transitional-assessment\.md:\d+ \(communication LC-\d+\)$/,
  ],
  'F.4': [
    /^legacy-bridge\/transitional-assessment\.md:\d+ \(support_until of transitional-assessment\)$/,
    /^legacy-bridge\/maintenance-plan\.yaml:\d+ \(monitoring_source BMS-/,
    /^legacy-bridge\/vulnerability-handling\.md:\d+ \(channel LB-CH-/,
  ],
};

describe('the example\'s legacy bridge, transitional health software, covers Annex F through its assessment', () => {
  const projects = JSON.parse(cli(['coverage', '--format', 'json', '.'], EXAMPLE).stdout) as ProjectJson[];
  const bridge = projects.find((project) => project.project === 'legacy-bridge');
  const gateway = projects.find((project) => project.project === '.');

  for (const [id, patterns] of Object.entries(ANNEX_F_BY)) {
    it(`${id} is covered by the named content`, () => {
      assertCoveredAt(bridge, id, patterns, `the legacy bridge's project judges ${id}`);
    });
  }

  it('every gap of the assessment is in the evidence (five gaps, two communications), and the gateway judges no Annex F item', () => {
    const where = (id: string, i: number) => bridge!.clauses.find((entry) => entry.clause === id)!.criteria[i].where;
    assert.deepEqual(where('F.2', 2).map((w) => /\(gap (LG-\d+)\)/.exec(w)?.[1]), ['LG-01', 'LG-02', 'LG-03', 'LG-04', 'LG-05']);
    assert.deepEqual(where('F.3', 4).map((w) => /\(communication (LC-\d+)\)/.exec(w)?.[1]), ['LC-01', 'LC-02']);
    assert.equal(bridge!.clauses.length, 66, 'the 63 clauses and F.2–F.4');
    assert.ok(gateway && !gateway.clauses.some((entry) => entry.clause.startsWith('F')));
  });
});
