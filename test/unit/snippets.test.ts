// Every snippet, expanded as the editor would with its defaults, is a document that parses.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DOCUMENT_KINDS, KIND_SHAPES, type CollectionName } from '../../server/src/engine';
import { buildModel } from '../../server/src/engine/model';
import { REPO_ROOT, parse } from '../support/fixtures';
import { expandSnippet } from '../support/snippets';

describe('snippets', () => {
  for (const file of fs.readdirSync(path.join(REPO_ROOT, 'snippets')).filter((name) => name.endsWith('.code-snippets'))) {
    const snippets = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'snippets', file), 'utf8')) as Record<string, { prefix: string | string[]; body: string | string[] }>;
    for (const [name, snippet] of Object.entries(snippets)) {
      it(`${file}: "${name}" expands to a document that parses`, () => {
        const text = expandSnippet(Array.isArray(snippet.body) ? snippet.body.join('\n') : snippet.body);
        assert.ok(!/\$\{|\$\d/.test(text), `every placeholder expanded:\n${text}`);
        const parsed = parse(text, file.startsWith('markdown') ? 'doc.md' : 'doc.yaml');
        assert.deepEqual(parsed.syntaxProblems.map((p) => `${p.range.start.line + 1}: ${p.message}`), [], text);
        if (/^kind:/m.test(text)) assert.ok(parsed.documentKind, `declares a document kind:\n${text}`);
      });
    }
  }

  // Every kind can be started from a snippet in both forms, each showing every list of the kind,
  // except these, which show only their main lists (a smaller snippet on purpose, or not yet grown).
  const SHOWS_ONLY: Record<'doc.yaml' | 'doc.md', Partial<Record<string, CollectionName[]>>> = {
    // threat_assessments serve only threats kept in Threat Dragon: the snippets start a threat model of its own threats.
    'doc.yaml': { 'security-organization': ['responsibilities', 'people', 'accompanying_documents'], 'threat-model': ['threats'] },
    'doc.md': {
      'threat-model': ['threats'],
      'security-architecture': ['controls'],
      'release-record': ['findings'],
      'security-organization': ['people', 'accompanying_documents'],
      'maintenance-plan': ['update_targets', 'software_items'],
    },
  };
  for (const [file, fileName] of [['yaml.code-snippets', 'doc.yaml'], ['markdown.code-snippets', 'doc.md']] as const) {
    const snippets = Object.values(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'snippets', file), 'utf8')) as Record<string, { body: string | string[] }>);
    for (const kind of DOCUMENT_KINDS) {
      it(`${file}: a snippet starts a ${kind} document with an item in each of its collections`, () => {
        const models = snippets.map((snippet) => buildModel(parse(expandSnippet([snippet.body].flat().join('\n')), fileName))).filter((model) => model?.kind === kind);
        assert.ok(models.length, `a ${kind} snippet in ${file}`);
        // A Markdown life-cycle plan's table holds activities; its phases are a column.
        const expected = (SHOWS_ONLY[fileName][kind] ?? KIND_SHAPES[kind].collections).map((name) => (fileName === 'doc.md' && name === 'phases' ? 'plan-activities' : name));
        const collections = expected.filter((name) => !models.some((model) => model!.collections[name]?.items.length));
        assert.deepEqual(collections, [], `${kind}: collections the snippet leaves out`);
      });
    }
  }
});
