// A change that reaches an idle server is analysed at once (server/src/lsp/analysisThrottle.ts).
// The throttle used to make every change that came soon after an analysis wait as long as that
// analysis took, whether or not anything had queued: a keystroke right after the diagnostics of a
// large document's analysis waited for a whole such analysis before its own, cheap, one started.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { startServer, type LspSession } from '../support/lspClient';
import { summaries } from '../support/summaries';

const THREATS = 20;

function threatModel(): string {
  const lines = ['kind: threat-model', 'threats:'];
  for (let i = 1; i <= THREATS; i++) lines.push(`  - id: TH-${i}`, `    title: Threat ${i}`, '    risk: low', '    residual_risk: low', '    safety_impact: none');
  return lines.join('\n') + '\n';
}

/** A requirement set of `count` items, one of which names a threat that does not exist (so it has a finding). */
function requirements(prefix: string, count: number, unknownThreat = `TH-${THREATS + 1}`): string {
  const lines = ['kind: security-requirements', 'requirements:'];
  for (let i = 1; i <= count; i++) {
    const threat = i === 1 ? unknownThreat : `TH-${1 + (i % THREATS)}`;
    lines.push(`  - id: ${prefix}-${i}`, '    phase: operation', `    text: The product shall hold requirement ${i} of ${prefix} to its word, in full.`, `    threats: [${threat}]`);
  }
  return lines.join('\n') + '\n';
}

const unknownReferenceTo = (threat: string) => (diagnostics: Diagnostic[]) =>
  diagnostics.some((d) => d.code === 'unknown-reference' && (typeof d.message === 'string' ? d.message : d.message.value).includes(threat));

describe('clause-guide-lsp: a change after a quiet gap', function () {
  this.timeout(120000);
  let root: string;
  let server: LspSession;
  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'clause-guide-quiet-'));
    fs.writeFileSync(path.join(root, '.clause-guide.yaml'), 'rules:\n  clause-uncovered: off\n');
    fs.writeFileSync(path.join(root, 'threats.yaml'), threatModel());
    server = await startServer({ workspaceFolders: [pathToFileURL(root).href] });
  });
  after(async () => {
    await server.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('is analysed without waiting as long as the last (large) analysis took', async () => {
    const summary = summaries(server);
    const small = pathToFileURL(path.join(root, 'small.yaml')).href;
    server.open(small, 'yaml', requirements('SR', 3, 'TH-90'), 1);
    await server.diagnostics(small, unknownReferenceTo('TH-90'), 30000);
    await server.flushed(small);

    // The expensive analysis: a 3,000-requirement document opened (parsed and analysed whole).
    const large = pathToFileURL(path.join(root, 'large.yaml')).href;
    const openedAt = performance.now();
    server.open(large, 'yaml', requirements('BIG', 3000), 1);
    await server.diagnostics(large, unknownReferenceTo(`TH-${THREATS + 1}`), 60000);
    const largeMs = performance.now() - openedAt;
    // The status bar's summary follows every analysis a little later: wait for it, so that the
    // keystroke below finds the server idle, with nothing queued.
    const counted = summary.received.length;
    await summary.next(() => summary.received.length > counted, 30000, 'after the large document');

    // One keystroke in the small document: its analysis re-checks little, and nothing is queued.
    const typedAt = performance.now();
    server.change(small, requirements('SR', 3, 'TH-91'), 2);
    await server.diagnostics(small, unknownReferenceTo('TH-91'), 30000);
    const keystrokeMs = performance.now() - typedAt;
    // Before, the keystroke waited about as long as the large analysis took (less the summary's
    // wait); now it takes its own analysis. A ratio, not a time: both run on the same loaded machine.
    assert.ok(keystrokeMs < largeMs / 2, `the keystroke took ${keystrokeMs.toFixed(0)} ms, the large document's analysis ${largeMs.toFixed(0)} ms`);
  });
});
