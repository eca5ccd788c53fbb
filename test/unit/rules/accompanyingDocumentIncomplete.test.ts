import { strict as assert } from 'node:assert';
import { textAt } from '../../support/fixtures';
import { analyzeFiles, onlyRules } from '../../support/workspace';

const RULE = 'accompanying-document-incomplete';
const only = onlyRules(RULE);

describe(RULE, () => {
  it('fires on a document without version or review date, at its id', () => {
    const files = { 'org.yaml': 'kind: security-organization\naccompanying_documents:\n  - id: IFU-GW\n    title: Instructions for use\n    version: TBD\n  - id: HG-1\n    title: Hardening guide\n    version: "1.2"\n    reviewed: 2026-09-01\n' };
    const [finding, ...rest] = analyzeFiles(files, only).of(RULE);
    assert.equal(rest.length, 0);
    assert.equal(finding.severity, 'error');
    assert.equal(finding.clause, '4.1.9');
    assert.equal(textAt(files['org.yaml'], finding.range), 'IFU-GW');
    assert.match(finding.message, /^Instructions for use is listed without its `version` or the date its security content was last reviewed/);
  });

  it('reads a Markdown table, and stays silent on other kinds', () => {
    const md = '---\nkind: security-organization\n---\n# Accompanying documents\n\n| ID | Title | Version | Reviewed |\n|---|---|---|---|\n| IFU-GW | IFU | 3.1 | |\n';
    assert.equal(analyzeFiles({ 'org.md': md }, only).of(RULE).length, 1);
    assert.deepEqual(analyzeFiles({ 'r.yaml': 'kind: release-record\n' }, only).of(RULE), []);
  });
});
