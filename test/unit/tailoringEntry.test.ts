import { strict as assert } from 'node:assert';
import { WorkspaceIndex } from '../../server/src/engine';
import { isEmptyJustification, judgeTailoringEntry } from '../../server/src/engine/tailoringEntry';
import { parse } from '../support/fixtures';

const record = (entries: string) =>
  'kind: tailoring-record\napprovers:\n  - name: Dana Ruiz\n    role: PSO\n    security_expertise: 8 years device security; CSSLP\n  - name: Sam Lee\n    role: QM\n    security_expertise: likes security\n  - name: Kim\n    role: Dev\n    security_expertise: TODO\nentries:\n' +
  entries;

function judge(entry: string) {
  const index = new WorkspaceIndex();
  index.update(parse(record(entry), 'tl.yaml'));
  const [model] = index.documentsOfKind('tailoring-record');
  return judgeTailoringEntry(model.collections.entries!.items[0], model.collections.approvers!.items);
}

const complete = '  - clause: "5.7.5"\n    decision: alternative\n    justification: An external lab tests; the contract separates testers from developers.\n    approved_by: Dana Ruiz\n    date: 2026-10-01\n';

describe('tailoring entry judgement', () => {
  it('accepts a decided, justified, approved and dated entry', () => {
    assert.deepEqual(judge(complete), { decided: true, problems: [] });
    assert.equal(judge(complete.replace('Dana Ruiz', 'dana ruiz')).decided, true);
  });

  it('keeps an entry the generator writes (no decision, no reason, no approval) pending, saying why', () => {
    assert.deepEqual(judge('  - clause: "5.4.1"\n    decision: ""\n    justification: ""\n    approved_by: ""\n').problems, [
      'no decision',
      'no justification',
      'no approval',
      'no approval date',
    ]);
  });

  it('reads placeholders and stock phrases as no justification', () => {
    for (const stock of ['not relevant', 'Not applicable.', 'n/a', 'TODO', 'none', 'out of scope', 'x']) {
      assert.equal(isEmptyJustification(stock), true, stock);
      assert.match(judge(complete.replace(/justification: .*/, `justification: ${stock}`)).problems.join(), /justification/, stock);
    }
    assert.equal(isEmptyJustification('Not relevant: the product has no network interface.'), false);
  });

  it('needs an approver who is listed with recorded security expertise', () => {
    assert.deepEqual(judge(complete.replace('Dana Ruiz', 'Kim')).problems, ['Kim is not a listed approver with recorded security expertise']);
    assert.deepEqual(judge(complete.replace('Dana Ruiz', 'Alex')).problems, ['Alex is not a listed approver with recorded security expertise']);
  });

  it('needs a date, and a deferral needs the date by which it is done', () => {
    assert.deepEqual(judge(complete.replace('    date: 2026-10-01\n', '')).problems, ['no approval date']);
    const deferred = complete.replace('decision: alternative', 'decision: deferred');
    assert.deepEqual(judge(deferred).problems, ['a deferral without a date by which it is done (`due`)']);
    assert.equal(judge(`${deferred}    due: 2027-03-31\n`).decided, true);
  });
});
