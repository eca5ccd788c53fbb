// A one-shot analysis (the CLI: one analysis per index, every text kept) skips the copies and the
// memory of completed findings that a long-lived host needs, and must find exactly the same.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { Analyzer, parseSourceDocument, WorkspaceIndex, type Finding } from '../../server/src/engine';
import { collectFiles, readSourceDocument } from '../../server/src/node/files';
import { parse, REPO_ROOT, testCatalog } from '../support/fixtures';

/** Findings per file with their fixes worked out, as plain data. */
function plainFindings(findings: Map<string, Finding[]>): unknown {
  return JSON.parse(JSON.stringify([...findings].map(([uri, list]) => [uri, list.map((finding) => ({ ...finding, fixes: finding.fixes?.() }))])));
}

describe('one-shot analysis (the CLI)', () => {
  it('finds what the long-lived analyzer finds, fixes included, on the example and without test results', () => {
    const example = new WorkspaceIndex();
    for (const file of collectFiles([path.join(REPO_ROOT, 'examples', 'infusync')])) example.update(parseSourceDocument(readSourceDocument(file)));
    // No result files at all: verification-result-missing names every verification id.
    const noResults = new WorkspaceIndex();
    noResults.update(parse('kind: security-requirements\nrequirements:\n  - id: SR-1\n    phase: installation\n    text: Locks out.\n    verification: [VT-1, " ", VT-2]\n  - id: SR-2\n    phase: installation\n    text: Logs.\n', 'reqs.yaml'));
    const catalog = testCatalog();
    for (const index of [example, noResults]) {
      const expected = plainFindings(new Analyzer(catalog).analyze(index));
      const oneShot = new Analyzer(catalog, { oneShot: true }).analyze(index);
      assert.deepEqual(plainFindings(oneShot), expected);
    }
    const missing = [...new Analyzer(catalog, { oneShot: true }).analyze(noResults).values()].flat().filter((finding) => finding.rule === 'verification-result-missing');
    assert.deepEqual(
      missing.map((finding) => finding.message.split(':')[0]),
      ["No test results in this project, so none of this file's 2 verification ids (VT-1, VT-2) has a result"],
    );
  });
});
