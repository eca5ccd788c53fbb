// invalid-value's quick fixes must never guess a rating downwards: a fix marked preferred is applied
// by "Fix all" and by a single keystroke, so on a risk or safety scale none is preferred.
import { strict as assert } from 'node:assert';
import { textAt } from '../../support/fixtures';
import { analyzeFiles, assertFixResolves } from '../../support/workspace';

const threat = (field: string) => ({ 'tm.yaml': `kind: threat-model\nthreats:\n  - id: TH-1\n    ${field}\n` });
const findingFor = (field: string) => {
  const files = threat(field);
  const [finding] = analyzeFiles(files).of('invalid-value');
  assert.ok(finding, `invalid-value fires on ${field}`);
  return { files, finding };
};

describe('invalid-value fixes on rating scales', () => {
  it('marks no fix preferred for an unknown safety impact, and does not suggest "none" for "severe"', () => {
    const { finding } = findingFor('safety_impact: severe');
    assert.deepEqual(finding.fixes!().filter((fix) => fix.isPreferred), []);
    assert.doesNotMatch(finding.message, /Did you mean "none"/);
    assert.notEqual(finding.fixes!()[0].title, 'Change to "none"');
  });

  it('takes a prefix as the meant value: risk "med" is medium, not low', () => {
    const { files, finding } = findingFor('risk: med');
    assert.match(finding.message, /Did you mean "medium"\?/);
    assert.doesNotMatch(finding.message, /"low"/);
    assert.equal(finding.fixes!()[0].title, 'Change to "medium"');
    assert.deepEqual(finding.fixes!().filter((fix) => fix.isPreferred), [], 'still not preferred on a risk scale');
    assert.match(assertFixResolves(files, finding, finding.fixes!()[0])['tm.yaml'], /risk: medium\n/);
  });

  it('offers every level of a scale, the most severe first, when no level is plainly meant', () => {
    const { finding } = findingFor('risk: severe');
    const titles = finding.fixes!().filter((fix) => fix.title.startsWith('Change')).map((fix) => fix.title);
    assert.deepEqual(titles, ['Change to "critical"', 'Change to "high"', 'Change to "medium"', 'Change to "low"']);
    assert.doesNotMatch(finding.message, /Did you mean/);
    assert.match(finding.message, /choose the level/i);
  });

  it('still prefers the nearest value of a set that is not a scale', () => {
    const files = { 'rr.yaml': 'kind: release-record\ndecision: authorised\n' };
    const [finding] = analyzeFiles(files).of('invalid-value');
    assert.equal(finding.fixes!()[0].title, 'Change to "authorized"');
    assert.equal(finding.fixes!()[0].isPreferred, true);
  });

  it('takes a prefix before an edit-distance neighbour in a set that is not a scale too', () => {
    // "alt" is fewer edits from "deferred" than from "alternative", which it begins.
    const files = { 'tr.yaml': 'kind: tailoring-record\nentries:\n  - id: T-1\n    clause: "5.1.1"\n    decision: alt\n' };
    const [finding] = analyzeFiles(files).of('invalid-value');
    assert.equal(textAt(files['tr.yaml'], finding.range), 'alt');
    assert.equal(finding.fixes!()[0].title, 'Change to "alternative"');
    assert.match(finding.message, /Did you mean "alternative"\?/);
  });
});
