// The diagnostics publisher: what it sends for a file's findings, and that a message's diagnostics
// are made when the message is written (serialised), not when the analysis publishes the file.
import { strict as assert } from 'node:assert';
import type { PublishDiagnosticsParams } from 'vscode-languageserver/node';
import type { Finding } from '../../server/src/engine';
import { toDiagnostics } from '../../server/src/lsp/convert';
import { DiagnosticsPublisher } from '../../server/src/lsp/diagnosticsPublisher';

const URI = 'file:///w/security/requirements.yaml';

function finding(line: number, message: string, related?: Finding['related']): Finding {
  const range = { start: { line, character: 2 }, end: { line, character: 8 } };
  return { uri: URI, rule: 'requirement-untraced', clause: '5.2.1', severity: 'warning', range, message: `${message} (§5.2.1).`, related, fixes: () => [] };
}

function recordingPublisher() {
  const sent: PublishDiagnosticsParams[] = [];
  const publisher = new DiagnosticsPublisher({ sendDiagnostics: async (params: PublishDiagnosticsParams) => void sent.push(params) });
  return { publisher, sent };
}

describe('DiagnosticsPublisher', () => {
  const findings = [
    finding(3, 'SR-001 names no threat', [{ uri: 'file:///w/security/threats.yaml', range: { start: { line: 1, character: 0 }, end: { line: 1, character: 6 } }, message: 'TH-001 is here' }]),
    finding(3, 'SR-001 names no threat'),
    finding(7, 'SR-002 names no threat'),
  ];

  it('sends the findings as diagnostics, as written on the wire', () => {
    const { publisher, sent } = recordingPublisher();
    publisher.publish(URI, findings, 4);
    assert.equal(sent.length, 1);
    const wire = JSON.parse(JSON.stringify(sent[0]));
    assert.deepEqual(wire, JSON.parse(JSON.stringify({ uri: URI, version: 4, diagnostics: toDiagnostics(findings) })));
    // The clause is named once, related locations and the occurrence of alike findings go along.
    assert.equal(wire.diagnostics[0].message, 'SR-001 names no threat (IEC 81001-5-1 §5.2.1).');
    assert.deepEqual(wire.diagnostics[0].relatedInformation, [{ location: { uri: 'file:///w/security/threats.yaml', range: findings[0].related![0].range }, message: 'TH-001 is here' }]);
    assert.deepEqual(wire.diagnostics[1].data, { occurrence: 1 });
    assert.equal(wire.diagnostics.length, 3);
  });

  it('makes a message\'s diagnostics when they are read, not when the file is published', () => {
    const { publisher, sent } = recordingPublisher();
    publisher.publish(URI, findings);
    const descriptor = Object.getOwnPropertyDescriptor(sent[0], 'diagnostics');
    assert.ok(descriptor?.get, 'diagnostics is worked out on reading');
    assert.equal(descriptor.value, undefined);
    // Read twice, the same diagnostics each time (the writer may read them for a trace, then to encode).
    assert.deepEqual(sent[0].diagnostics, sent[0].diagnostics);
    assert.deepEqual(sent[0].diagnostics, toDiagnostics(findings));
  });

  it('sends a file again only when its findings changed, and clears a file that had findings', () => {
    const { publisher, sent } = recordingPublisher();
    publisher.publish(URI, findings);
    publisher.publish(URI, findings);
    publisher.publish(URI, findings.map((each) => ({ ...each })));
    assert.equal(sent.length, 1);
    publisher.publish(URI, findings.slice(0, 2));
    assert.equal(sent.length, 2);
    assert.equal(sent[1].diagnostics.length, 2);
    publisher.clear(URI);
    assert.equal(sent.length, 3);
    assert.deepEqual(JSON.parse(JSON.stringify(sent[2])), { uri: URI, diagnostics: [] });
  });
});
