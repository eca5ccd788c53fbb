// One spelling per file URI (server/src/node/uri.ts): a path made into a URI and a URI the client
// sent for the same file are the same string, whichever way the client spelled it.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { canonicalUri, filePathOf, fileUri } from '../../server/src/node/uri';
import { cli, workspace } from '../support/cli';

const NAMES = ['threat-model (v2).yaml', "o'brien & co; v=1+2,@$!~.yaml", 'plain.yaml', 'ünïcode #1 100%.md'];

describe('file URIs', () => {
  for (const name of NAMES) {
    const file = path.join(path.sep, 'work', 'security file', name);
    it(`spells ${name} once, from a path, from Node's URI and from VS Code's`, () => {
      const uri = fileUri(file);
      assert.equal(canonicalUri(pathToFileURL(file).href), uri);
      assert.equal(canonicalUri(uri), uri, 'respelling is idempotent');
      assert.equal(filePathOf(uri), file);
      assert.equal(filePathOf(pathToFileURL(file).href), file);
    });
  }

  it('leaves a URI of another scheme one spelling too', () => {
    assert.equal(canonicalUri('untitled:Untitled-1'), canonicalUri(canonicalUri('untitled:Untitled-1')));
  });
});

describe('the CLI on a file whose URI has two spellings', () => {
  it('names threat-model (v2).yaml as it is on disk, in text and JSON', () => {
    const root = workspace({ 'threat-model (v2).yaml': 'kind: threat-model\nthreats:\n  - id: TH-101\n    title: Spoofed endpoint\n    mitigates: nothing\n  - id: TH-101\n    title: Twice\n' });
    const json = cli(['check', '--format', 'json'], root);
    const files = new Set((JSON.parse(json.stdout) as { file: string; rule: string }[]).map((finding) => finding.file));
    assert.deepEqual([...files], ['threat-model (v2).yaml'], json.stderr);
    assert.match(cli(['check'], root).stdout, /threat-model \(v2\)\.yaml:\d+/);
  });
});
