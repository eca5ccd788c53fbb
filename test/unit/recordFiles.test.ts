// The host's record checker: a record is a regular file of the project with content. An empty
// file or one that holds only placeholder text ("TODO", "TBD") is a stub, not a record.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { recordFileChecker } from '../../server/src/node/recordFiles';
import { fileUri } from '../../server/src/node/uri';

describe('recordFileChecker', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'clause-guide-records-'));
  const write = (name: string, content: string | Buffer) => {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), content);
  };
  write('reports/pentest.pdf', Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n'));
  write('reports/empty.pdf', '');
  write('reports/todo.md', 'TODO\n');
  write('reports/tbd.txt', '  TBD: the lab sends the report next week  \n');
  write('reports/notes.md', '# Review minutes\n\nTODO list discussed; all three items closed.\n');
  const from = fileUri(path.join(root, 'release.yaml'));

  it('counts a file with content, and not a missing one', () => {
    const exists = recordFileChecker(root);
    assert.equal(exists(from, 'reports/pentest.pdf'), true);
    assert.equal(exists(from, 'reports/notes.md'), true, 'text that merely mentions TODO is content');
    assert.equal(exists(from, 'reports/missing.pdf'), false);
  });

  it('does not count an empty file or a placeholder stub', () => {
    const exists = recordFileChecker(root);
    assert.equal(exists(from, 'reports/empty.pdf'), false);
    assert.equal(exists(from, 'reports/todo.md'), false);
    assert.equal(exists(from, 'reports/tbd.txt'), false);
  });
});
