// docs/design.md (robustness, "Paths"): "a file that vanishes or becomes a directory between
// listing and reading is skipped with a message", FIFOs are refused at once, and a link that loops
// is named and never followed. Here each is done to a file after the folder walk listed it, and
// then the listed file is read, as the CLI and the server do; in a child process with a deadline,
// since a FIFO read that blocks would never return.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { run } from '../../server/src/cli/main';
import { compiled, inChild } from '../support/child';
import { testCatalog } from '../support/fixtures';

/** A child on a loaded 2-core machine starts in 1-3 s; a FIFO read that blocks would never end. */
const CHILD_DEADLINE_MS = 15000;
const THREATS = 'kind: threat-model\nthreats:\n  - id: TH-1\n    title: Spoofing\n';

describe('a listed file replaced before it is read', function () {
  this.timeout(30000);
  let root: string;
  beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'clause-guide-replaced-'))));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('by a directory of the same name, a FIFO, or a link that loops: each read says why it is skipped, none blocks', () => {
    for (const name of ['dir.yaml', 'fifo.yaml', 'loop.yaml', 'kept.yaml']) fs.writeFileSync(path.join(root, name), THREATS);
    const outcome = inChild<{ listed: string[]; read: Record<string, string> }>(
      CHILD_DEADLINE_MS,
      'reading listed files that were replaced',
      `const fs = require('node:fs');
       const path = require('node:path');
       const { execFileSync } = require('node:child_process');
       const { collectFiles, readSourceDocument } = require(${JSON.stringify(compiled('server/src/node/files'))});
       const root = ${JSON.stringify(root)};
       const at = (name) => path.join(root, name);
       const listed = collectFiles([root]);
       // Replaced between listing and reading.
       fs.rmSync(at('dir.yaml'));
       fs.mkdirSync(at('dir.yaml'));
       fs.writeFileSync(at('dir.yaml/inner.yaml'), 'kind: threat-model\\n');
       fs.rmSync(at('fifo.yaml'));
       execFileSync('mkfifo', [at('fifo.yaml')]);
       fs.rmSync(at('loop.yaml'));
       fs.symlinkSync(at('loop-b.yaml'), at('loop.yaml'));
       fs.symlinkSync(at('loop.yaml'), at('loop-b.yaml'));
       const read = {};
       for (const file of listed) {
         try { read[path.basename(file)] = 'read: ' + readSourceDocument(file).text.split('\\n')[0]; }
         catch (error) { read[path.basename(file)] = error.constructor.name + ': ' + error.message; }
       }
       print({ listed: listed.map((file) => path.basename(file)), read });`,
    );
    assert.deepEqual(outcome.listed, ['dir.yaml', 'fifo.yaml', 'kept.yaml', 'loop.yaml']);
    assert.deepEqual(outcome.read, {
      'dir.yaml': 'UnreadableFileError: it is a folder',
      'fifo.yaml': 'UnreadableFileError: not a regular file (a named pipe); it is not read',
      'kept.yaml': 'read: kind: threat-model',
      'loop.yaml': 'UnreadableFileError: a symbolic link that loops (it leads back to itself); not followed',
    });
  });

  it('the folder walk names a link that loops in words, and so does the CLI, which fails the gate for it (walked or given)', () => {
    fs.writeFileSync(path.join(root, 'tm.yaml'), THREATS);
    fs.symlinkSync(path.join(root, 'b.yaml'), path.join(root, 'a.yaml'));
    fs.symlinkSync(path.join(root, 'a.yaml'), path.join(root, 'b.yaml'));
    const check = (...paths: string[]) => {
      let stderr = '';
      const code = run(['check', '--format', 'json', ...paths], { cwd: root, stdout: () => {}, stderr: (t) => (stderr += t) }, testCatalog());
      return { code, stderr };
    };
    const walked = check('.');
    assert.equal(walked.code, 2);
    assert.match(walked.stderr, /^clause-guide: cannot read a\.yaml: a symbolic link that loops \(it leads back to itself\); not followed$/m);
    assert.match(walked.stderr, /^clause-guide: cannot read b\.yaml: a symbolic link that loops/m);
    assert.doesNotMatch(walked.stderr, /ELOOP/, 'no raw error code');
    const given = check('a.yaml', 'tm.yaml');
    assert.equal(given.code, 2);
    assert.match(given.stderr, /cannot read a\.yaml: a symbolic link that loops/);
    assert.doesNotMatch(given.stderr, /ELOOP/, 'no raw error code');
  });
});
