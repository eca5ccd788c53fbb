// The server follows the file watcher and `.clause-guide.yaml` as the CLI reads the disk: every
// event of a batch counts, a configuration change regroups files both ways (excluded and back),
// paths outside the workspace folders are not part of it, and configuration problems reach the
// editor. Each check that something did NOT happen waits for a later publish or answer first.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DefinitionRequest, DidChangeWatchedFilesNotification, DidCloseTextDocumentNotification, FileChangeType, type Location } from 'vscode-languageserver-protocol/node';
import { REPO_ROOT } from '../support/fixtures';
import { startServer } from '../support/lspClient';

const EXAMPLE = path.join(REPO_ROOT, 'examples', 'infusync');
const DUPLICATE = 'kind: threat-model\nthreats:\n  - id: TH-001\n    title: Duplicate\n';

function copyExample(): string {
  const target = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-watch-'));
  fs.cpSync(EXAMPLE, target, { recursive: true });
  return target;
}

describe('file watcher and configuration over LSP', function () {
  this.timeout(30000);
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });
  const start = async (folder: string) => {
    cleanup.push(() => fs.rmSync(folder, { recursive: true, force: true }));
    const server = await startServer({ workspaceFolders: [pathToFileURL(folder).href] });
    cleanup.push(() => server.close());
    return server;
  };

  it('applies every event of a batch that starts with a configuration change: a file deleted in it loses its diagnostics and is no definition', async () => {
    const folder = copyExample();
    const extraPath = path.join(folder, 'security', 'extra.yaml');
    fs.writeFileSync(extraPath, DUPLICATE);
    const extra = pathToFileURL(extraPath).href;
    // A requirement that names no verification yet (the example's requirements all do), for the configuration to re-grade.
    const requirementsPath = path.join(folder, 'security', 'security-requirements.yaml');
    fs.appendFileSync(requirementsPath, '  - id: SR-099\n    phase: operation\n    text: The service page shows the firmware version.\n    threats: [TH-001]\n');
    const server = await start(folder);
    await server.diagnostics(extra, (d) => d.some((x) => x.code === 'duplicate-id'));

    const requirements = pathToFileURL(requirementsPath).href;
    const text = fs.readFileSync(requirementsPath, 'utf8');
    server.open(requirements, 'yaml', text);

    const config = path.join(folder, '.clause-guide.yaml');
    fs.writeFileSync(config, 'rules:\n  requirement-unverified: warning\n');
    fs.rmSync(extraPath);
    await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [
        { uri: pathToFileURL(config).href, type: FileChangeType.Created },
        { uri: extra, type: FileChangeType.Deleted },
      ],
    });
    // The configuration was applied (the positive signal)…
    await server.settle((latest) => (latest.get(requirements) ?? []).some((d) => d.code === 'requirement-unverified' && d.severity === 2));
    await server.flushed(requirements);
    // …and so was the deletion.
    const latest = await server.settle(() => true);
    assert.deepEqual(latest.get(extra) ?? [], [], 'the deleted file keeps no diagnostics');
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes('[TH-001]'));
    const definition = (await server.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: requirements }, position: { line, character: lines[line].indexOf('TH-001') + 2 } })) as Location[];
    assert.deepEqual(definition.map((location) => path.basename(location.uri)), ['threat-model.yaml']);
  });

  it('brings files back into the analysis when an exclude is removed from .clause-guide.yaml', async () => {
    const folder = copyExample();
    const extraPath = path.join(folder, 'security', 'extra.yaml');
    fs.writeFileSync(extraPath, DUPLICATE);
    const config = path.join(folder, '.clause-guide.yaml');
    fs.writeFileSync(config, 'exclude:\n  - security/extra.yaml\n');
    const extra = pathToFileURL(extraPath).href;
    const threatModel = pathToFileURL(path.join(folder, 'security', 'threat-model.yaml')).href;
    const server = await start(folder);
    await server.settle((latest) => latest.has(threatModel));
    assert.ok(!server.published.some((p) => p.uri === extra && p.diagnostics.length), 'excluded at first');

    fs.writeFileSync(config, 'exclude: []\n');
    await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(config).href, type: FileChangeType.Changed }] });
    const diagnostics = await server.diagnostics(extra, (d) => d.some((x) => x.code === 'duplicate-id'));
    assert.ok(diagnostics.length > 0);

    // And out again.
    fs.writeFileSync(config, 'exclude:\n  - security/extra.yaml\n');
    await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(config).href, type: FileChangeType.Changed }] });
    assert.deepEqual(await server.diagnostics(extra, (d) => d.length === 0), []);
  });

  it('publishes nothing for a watched-file event outside the workspace folders', async () => {
    const folder = copyExample();
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-outside-'));
    cleanup.push(() => fs.rmSync(outside, { recursive: true, force: true }));
    const strayPath = path.join(outside, 'threats.yaml');
    fs.writeFileSync(strayPath, 'kind: threat-model\nclauses: ["7.9"]\nthreats:\n  - id: TH-1\n  - id: TH-1\n');
    const stray = pathToFileURL(strayPath).href;
    const server = await start(folder);
    await server.settle((latest) => latest.size > 0);

    const insidePath = path.join(folder, 'security', 'extra.yaml');
    fs.writeFileSync(insidePath, DUPLICATE);
    const inside = pathToFileURL(insidePath).href;
    await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: stray, type: FileChangeType.Created }] });
    // A later event inside the folder is published: anything for the stray file would have come first.
    await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: inside, type: FileChangeType.Created }] });
    await server.diagnostics(inside, (d) => d.some((x) => x.code === 'duplicate-id'));
    assert.deepEqual(server.published.filter((p) => p.uri === stray), []);
  });

  it('reads no watcher-delivered file that is a link out of the workspace (file or folder), a FIFO or a device, and none after its editor closes', async () => {
    const folder = copyExample();
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-outside-'));
    cleanup.push(() => fs.rmSync(outside, { recursive: true, force: true }));
    const secret = 'kind: threat-model\nthreats:\n  - id: TH-SECRET\n    title: the outside file\n';
    fs.writeFileSync(path.join(outside, 'secret.yaml'), secret);
    fs.mkdirSync(path.join(outside, 'dir'));
    fs.writeFileSync(path.join(outside, 'dir', 'inner.yaml'), secret);
    const server = await start(folder);
    const threatModel = pathToFileURL(path.join(folder, 'security', 'threat-model.yaml')).href;
    await server.settle((latest) => latest.has(threatModel));

    // Made after the first reading, so only the watcher tells the server about them.
    const sec = (name: string) => path.join(folder, 'security', name);
    fs.symlinkSync(path.join(outside, 'secret.yaml'), sec('leak.yaml'));
    fs.symlinkSync(path.join(outside, 'dir'), sec('linked'));
    execFileSync('mkfifo', [sec('pipe.yaml')]);
    fs.symlinkSync('/dev/zero', sec('zero.yaml'));
    const delivered = [sec('leak.yaml'), path.join(sec('linked'), 'inner.yaml'), sec('pipe.yaml'), sec('zero.yaml')].map((file) => pathToFileURL(file).href);
    const controlPath = sec('controls-extra.yaml');
    fs.writeFileSync(controlPath, 'kind: security-architecture\ncontrols:\n  - id: CTL-X\n    title: x\n    layer: network\n    mitigates: [TH-SECRET]\n    safety_impact: none\n');
    const control = pathToFileURL(controlPath).href;
    await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [...delivered, control].map((uri) => ({ uri, type: FileChangeType.Created as FileChangeType })),
    });
    // The positive signal: the control's file (last in the batch) is analysed; TH-SECRET is known nowhere.
    const unknown = (d: { code?: unknown; message: unknown }[]) => d.some((x) => x.code === 'unknown-reference' && String(x.message).startsWith('TH-SECRET '));
    await server.diagnostics(control, unknown);
    for (const uri of delivered) assert.deepEqual(server.published.filter((p) => p.uri === uri && p.diagnostics.length), [], `${uri} is not read`);

    // An editor opens the link (the user asked for it) and closes it: the disk is not read through it.
    server.open(delivered[0], 'yaml', secret);
    await server.diagnostics(control, (d) => !unknown(d));
    await server.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: delivered[0] } });
    await server.diagnostics(control, unknown);
    await server.flushed(control);
    assert.deepEqual(server.published.filter((p) => p.uri === delivered[0]).at(-1)?.diagnostics ?? [], [], 'nothing is left of it');
  });

  it('shows the problems of .clause-guide.yaml on that file, and clears them when fixed', async () => {
    const folder = copyExample();
    const config = path.join(folder, '.clause-guide.yaml');
    fs.writeFileSync(config, 'rules:\n  no-such-rule: off\n');
    const configUri = pathToFileURL(config).href;
    const server = await start(folder);
    const problems = await server.diagnostics(configUri, (d) => d.length > 0);
    assert.equal(problems.length, 1);
    assert.match(problems[0].message as string, /Unknown rule 'no-such-rule'/);
    assert.deepEqual(problems[0].range.start, { line: 1, character: 2 });

    fs.writeFileSync(config, 'rules:\n  clause-uncovered: off\n');
    await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: configUri, type: FileChangeType.Changed }] });
    assert.deepEqual(await server.diagnostics(configUri, (d) => d.length === 0), []);
  });
});
