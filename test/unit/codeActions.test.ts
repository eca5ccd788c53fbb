// Which finding a diagnostic sent back in a code action request stands for (server/src/lsp/convert.ts).
import { strict as assert } from 'node:assert';
import type { Diagnostic } from 'vscode-languageserver/node';
import type { Finding } from '../../server/src/engine';
import { findingFor, toCodeActions, toDiagnostics } from '../../server/src/lsp/convert';

const range = { start: { line: 1, character: 0 }, end: { line: 1, character: 12 } };
const uri = 'file:///ws/requirements.yaml';
const edit = (newText: string) => ({ [uri]: [{ range: { start: { line: 9, character: 0 }, end: { line: 9, character: 0 } }, newText }] });

function finding(message: string, fixTitle: string, rule = 'phase-missing'): Finding {
  return { uri, rule, clause: '5.2.1', severity: 'error', range, message, fixes: () => [{ title: fixTitle, edits: edit(fixTitle) }] };
}

describe('code actions for findings that share a range', () => {
  it('tells findings alike in rule, range and message apart by their occurrence, and only those carry data', () => {
    const findings = [finding('Same words.', 'first'), finding('Other words.', 'other'), finding('Same words.', 'second'), finding('Same words.', 'third')];
    const diagnostics = toDiagnostics(findings);
    assert.deepEqual(diagnostics.map((d) => d.data), [undefined, undefined, { occurrence: 1 }, { occurrence: 2 }]);
    diagnostics.forEach((diagnostic, i) => assert.equal(findingFor(findings, diagnostic), findings[i]));
    assert.deepEqual(toCodeActions(findings, diagnostics).map((action) => action.title), ['first', 'other', 'second', 'third']);
  });

  it('counts occurrences per rule: another rule with the same words on the same range is another finding', () => {
    const findings = [finding('Same words.', 'a'), finding('Same words.', 'b', 'clause-uncovered')];
    assert.deepEqual(toDiagnostics(findings).map((d) => d.data), [undefined, undefined]);
  });

  it('offers nothing for a diagnostic that no current finding has (published before the latest edit)', () => {
    const findings = [finding('No requirement covers installation.', 'install')];
    const stale: Diagnostic = { ...toDiagnostics(findings)[0], message: 'No requirement covers maintenance. (IEC 81001-5-1 §5.2.1)' };
    assert.deepEqual(toCodeActions(findings, [stale]), []);
  });

  it('takes the one finding of its rule on its range for a client that sends no message text', () => {
    const findings = [finding('Only one.', 'only')];
    const withoutText = { ...toDiagnostics(findings)[0], message: { kind: 'markdown', value: 'Only one.' } } as unknown as Diagnostic;
    assert.equal(findingFor(findings, withoutText), findings[0]);
    const two = [finding('One.', 'one'), finding('Two.', 'two')];
    assert.equal(findingFor(two, { ...withoutText, message: withoutText.message }), undefined);
  });
});
