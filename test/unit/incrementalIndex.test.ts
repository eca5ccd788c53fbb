// The workspace index keeps its lookups up to date per file, and unknown-reference keeps each
// document's findings while nothing they were computed from changed. After any sequence of
// edits, removals and additions both must answer exactly as a fresh index and analyzer would,
// also when the text of some files is kept packed (as the server keeps files no editor shows).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Analyzer, keepTextIn, WorkspaceIndex, type Finding, type ParsedDocument } from '../../server/src/engine';
import { DOCUMENT_KINDS } from '../../server/src/engine/catalog';
import type { CollectionName } from '../../server/src/engine/schema';
import { collectFiles } from '../../server/src/node/files';
import { PackedSource } from '../../server/src/node/packedText';
import { seededRandom } from '../fuzz/mutations';
import { parse, REPO_ROOT, testCatalog } from '../support/fixtures';

const EXAMPLE = path.join(REPO_ROOT, 'examples', 'infusync');
const COLLECTIONS: CollectionName[] = ['requirements', 'threats', 'zones', 'boundaries', 'controls', 'approvers', 'entries', 'findings', 'activities', 'phases', 'plan-activities'];

/** What the index answers, in plain data, so two indexes over the same parses can be compared. */
function lookupsOf(index: WorkspaceIndex) {
  const ids = [...index.definedIds()].sort();
  const referenced = [...new Set(index.allReferences().map((reference) => reference.id))].sort();
  return {
    files: index.files().map((file) => file.source.uri),
    documents: index.documents().map((document) => document.uri),
    items: COLLECTIONS.map((collection) => index.items(collection).map((item) => [item.uri, item.id?.text, item.range])),
    kinds: DOCUMENT_KINDS.map((kind) => index.documentsOfKind(kind).map((document) => document.uri)),
    definitions: ids.map((id) => [id, index.definitions(id).map((definition) => [definition.uri, definition.range, definition.item?.collection])]),
    references: referenced.map((id) => [id, index.references(id).map((reference) => [reference.item.uri, reference.range, reference.field])]),
    allReferences: index.allReferences().map((reference) => [reference.id, reference.item.uri, reference.range]),
  };
}

/** Ranges as positions (an OffsetRange holds its document's line index, which a packed document keeps differently). */
function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

/** Findings per file with their fixes worked out (as a host does for a code action), as plain data. */
function plainFindings(findings: Map<string, Finding[]>): unknown {
  return plain([...findings].map(([uri, list]) => [uri, list.map((finding) => ({ ...finding, fixes: finding.fixes?.() }))]));
}

describe('incremental workspace index and analysis', () => {
  it('answers as a fresh index and analyzer after 300 random edits, removals and additions', function () {
    this.timeout(60000);
    const texts = new Map<string, string>();
    for (const file of collectFiles([EXAMPLE])) texts.set(path.relative(EXAMPLE, file).split(path.sep).join('/'), fs.readFileSync(file, 'utf8'));
    const ids = [...new Set([...texts.values()].flatMap((text) => text.match(/\b[A-Z]{1,4}-[A-Z0-9-]*\d\b/g) ?? []))];
    assert.ok(ids.length > 20, `the example defines and cites ids (${ids.length})`);

    const random = seededRandom(81001);
    const catalog = testCatalog();
    // As the server's: models copy their values, so a packed text can be freed.
    const index = new WorkspaceIndex({ models: { copyValues: true } });
    // A rule that reads what it did not declare throws in its view: that fails the test, not just its findings.
    const analyzer = new Analyzer(catalog, { onRuleError: (rule, error) => assert.fail(`${rule.name}: ${(error as Error).message}`) });
    const current = new Map<string, ParsedDocument>();
    let version = 1;
    let packed = 0;
    const put = (name: string, text: string) => {
      // The fresh index of each comparison reads these parses, with their text as is.
      current.set(name, parse(text, name, version));
      const indexed = parse(text, name, version++);
      index.update(indexed);
      // Half the files have their text packed, as the server does for files no editor shows.
      if (random.next() < 0.5) {
        assert.ok(keepTextIn(indexed, PackedSource.of(indexed.source, 0)));
        assert.ok(indexed.source instanceof PackedSource);
        packed++;
      }
    };
    for (const [name, text] of texts) put(name, text);
    const removed = new Map<string, string>();

    for (let step = 0; step < 300; step++) {
      const names = [...current.keys()];
      const name = random.pick(names);
      const text = current.get(name)!.source.text;
      const choice = random.int(10);
      if (choice < 4) {
        // Retype an id: another id of the workspace, a typo of one, or the same id (a no-op edit that still re-parses).
        const found = [...text.matchAll(/\b[A-Z]{1,4}-[A-Z0-9-]*\d\b/g)];
        if (!found.length) continue;
        const at = random.pick(found);
        const replacement = random.next() < 0.5 ? random.pick(ids) : random.next() < 0.5 ? `${at[0]}9` : at[0];
        put(name, text.slice(0, at.index) + replacement + text.slice(at.index! + at[0].length));
      } else if (choice < 6) {
        // Delete or duplicate a line: items and references come and go, ranges shift.
        const lines = text.split('\n');
        const line = random.int(lines.length);
        if (random.next() < 0.5) lines.splice(line, 1);
        else lines.splice(line, 0, lines[line]);
        put(name, lines.join('\n'));
      } else if (choice < 7) {
        removed.set(name, text);
        current.delete(name);
        index.remove(`file:///ws/${name}`);
      } else if (choice < 8 && removed.size) {
        const [back, backText] = random.pick([...removed]);
        removed.delete(back);
        put(back, backText);
      } else if (choice < 9) {
        // A copy under a new name: duplicate ids, and a new first document of its kind when it sorts first.
        put(`${random.next() < 0.5 ? 'a' : 'z'}-copy-${step}/${name}`, text);
      } else {
        // Analyse between some steps only, so several changes meet one analysis.
        continue;
      }
      if (step % 3 === 2 || step > 280) {
        const fresh = new WorkspaceIndex();
        for (const parsed of current.values()) fresh.update(parsed);
        assert.deepEqual(plain(lookupsOf(index)), plain(lookupsOf(fresh)), `lookups after step ${step}`);
        assert.deepEqual(plainFindings(analyzer.analyze(index)), plainFindings(new Analyzer(catalog).analyze(fresh)), `findings and fixes after step ${step}`);
      }
    }
    assert.ok(packed > 50, `many of the indexed files were packed (${packed})`);
  });
});
