// The JSON Schemas in schemas/ (contributed to the Red Hat YAML extension through
// `yamlValidation`) checked with a real validator, and against the engine: the same enums and
// shapes as server/src/engine/schema.ts, and the same verdict as the engine's invalid-value rule
// on the example workspace and on a probe of every field, so the two cannot drift apart.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { getLanguageService } from 'yaml-language-server/lib/umd/languageservice/yamlLanguageService';
import {
  ACTIVITY_STATUSES,
  COMMON_FIELDS,
  DEFAULT_LAYERS,
  DOCUMENT_KINDS,
  FINDING_STATUSES,
  ITEM_FIELDS,
  KIND_SHAPES,
  RELEASE_DECISIONS,
  REQUIREMENT_PHASES,
  RISK_LEVELS,
  RULES,
  SAFETY_IMPACTS,
  TAILORING_DECISIONS,
  collectionKey,
  findFrontMatter,
  compileGlob,
  parseConfig,
  type CollectionName,
  type DocumentKind,
  type FieldSpec,
} from '../../server/src/engine';
import { EVIDENCE_COLLECTIONS } from '../../server/src/engine/evidence/types';
import { REPO_ROOT, parse } from '../support/fixtures';

/** The collections of our document kinds (evidence files' items come from other tools' formats, not our schemas). */
const OUR_COLLECTIONS = (Object.keys(ITEM_FIELDS) as CollectionName[]).filter((name) => !EVIDENCE_COLLECTIONS.includes(name));
import { analyzeFiles, onlyRules } from '../support/workspace';

const SCHEMA_DIR = path.join(REPO_ROOT, 'schemas');
const DISPATCHER = 'security-file.schema.json';
const CONFIG_SCHEMA = 'clause-guide-config.schema.json';
/** Keywords the YAML language server reads for hover, completion and messages; plain annotations to a validator. */
const EDITOR_KEYWORDS = ['markdownDescription', 'patternErrorMessage', 'errorMessage', 'enumDescriptions', 'markdownEnumDescriptions', 'defaultSnippets'];

type Schema = Record<string, any>;

const schemaFiles = fs.readdirSync(SCHEMA_DIR).filter((name) => name.endsWith('.schema.json')).sort();
const schemas: Record<string, Schema> = Object.fromEntries(schemaFiles.map((name) => [name, JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, name), 'utf8'))]));
const kindFile = (kind: string) => `${kind}.schema.json`;

function newAjv(): Ajv {
  const ajv = new Ajv({ strict: true, allowUnionTypes: true, allErrors: true });
  addFormats(ajv);
  ajv.addVocabulary(EDITOR_KEYWORDS);
  for (const name of schemaFiles) ajv.addSchema(schemas[name]);
  return ajv;
}
const ajv = newAjv();
const validator = (name: string): ValidateFunction => ajv.getSchema(schemas[name].$id)!;
const errorsText = (errors: ErrorObject[] | null | undefined) => (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.keyword}: ${e.message}`).join('; ');

/** The config that accepts one layer beyond the defaults, as a project's `.clause-guide.yaml` may. */
const PROBE_CONFIG = { ...onlyRules('invalid-value', 'unknown-clause'), layers: [...DEFAULT_LAYERS, 'physical'] };

/** Findings of the engine's value checks for one file. */
function engineProblems(fileName: string, text: string, config: Partial<typeof PROBE_CONFIG> = onlyRules('invalid-value')): string[] {
  return analyzeFiles({ [fileName]: text }, config).findings.map((f) => `${f.rule}: ${f.message}`);
}

/** The schema of the items of a collection, inside a kind's schema. */
function itemSchema(kind: DocumentKind, collection: CollectionName): Schema {
  const properties = schemas[kindFile(kind)].properties;
  if (collection === 'plan-activities') return properties.phases.items.properties.activities.items;
  return properties[collectionKey(collection)].items;
}

function kindOfCollection(collection: CollectionName): DocumentKind {
  if (collection === 'plan-activities') return 'lifecycle-plan';
  return DOCUMENT_KINDS.find((kind) => (KIND_SHAPES[kind].collections as string[]).includes(collection))!;
}

/** The enum a schema property offers, without the `null` that stands for "not filled in yet". */
function offeredValues(property: Schema): unknown[] {
  const values = property.enum ?? property.anyOf?.find((alternative: Schema) => alternative.enum)?.enum;
  assert.ok(Array.isArray(values), `an enum in ${JSON.stringify(property).slice(0, 80)}`);
  return values.filter((value: unknown) => value !== null);
}

describe('JSON Schemas (schemas/)', () => {
  it('has one schema per document kind, the dispatcher and the configuration schema', () => {
    assert.deepEqual(schemaFiles, [...DOCUMENT_KINDS.map(kindFile), CONFIG_SCHEMA, DISPATCHER].sort());
  });

  it('every schema is draft-07, has an $id naming its file, and compiles in strict mode', () => {
    for (const name of schemaFiles) {
      const schema = schemas[name];
      assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#', name);
      assert.ok(schema.$id.endsWith(`/${name}`), `${name}: $id ${schema.$id}`);
      // A fresh instance for each, so one schema's compile errors cannot hide behind another's.
      const single = new Ajv({ strict: true, allowUnionTypes: true });
      addFormats(single);
      single.addVocabulary(EDITOR_KEYWORDS);
      for (const other of schemaFiles) if (other !== name) single.addSchema(schemas[other]);
      assert.doesNotThrow(() => single.compile(schema), name);
    }
  });

  it('explains every property: a title, a description and a markdownDescription', () => {
    const missing: string[] = [];
    const walk = (schema: Schema, where: string) => {
      if (!schema || typeof schema !== 'object') return;
      for (const [key, property] of Object.entries<Schema>(schema.properties ?? {})) {
        const at = `${where}.${key}`;
        for (const field of ['title', 'description', 'markdownDescription']) {
          if (typeof property[field] !== 'string' || property[field].trim().length < 3) missing.push(`${at}: ${field}`);
        }
        walk(property, at);
      }
      if (schema.items) walk(schema.items, `${where}[]`);
    };
    for (const name of schemaFiles) walk(schemas[name], name);
    assert.deepEqual(missing, []);
    for (const kind of DOCUMENT_KINDS) assert.match(schemas[kindFile(kind)].description, /IEC 81001-5-1 (?:§\d|Annex [A-Z])/, `${kind} names the clause it serves`);
  });

  describe('agrees with the engine (server/src/engine/schema.ts)', () => {
    it('offers exactly the engine enums', () => {
      const items = (kind: DocumentKind, collection: CollectionName) => itemSchema(kind, collection).properties;
      assert.deepEqual(offeredValues(items('security-requirements', 'requirements').phase), [...REQUIREMENT_PHASES]);
      assert.deepEqual(offeredValues(items('threat-model', 'threats').safety_impact), SAFETY_IMPACTS);
      assert.deepEqual(offeredValues(items('threat-model', 'threats').risk), RISK_LEVELS);
      assert.deepEqual(offeredValues(items('tailoring-record', 'entries').decision), TAILORING_DECISIONS);
      assert.deepEqual(offeredValues(schemas[kindFile('release-record')].properties.decision), RELEASE_DECISIONS);
      assert.deepEqual(offeredValues(items('release-record', 'findings').status), FINDING_STATUSES);
      assert.deepEqual(offeredValues(items('release-record', 'activities').status), ACTIVITY_STATUSES);
      assert.deepEqual(offeredValues(items('security-architecture', 'controls').layer), [...DEFAULT_LAYERS]);
      assert.deepEqual(offeredValues(schemas[kindFile('security-architecture')].properties.layers.items), [...DEFAULT_LAYERS]);
      assert.deepEqual(offeredValues(schemas[CONFIG_SCHEMA].properties.layers.items), [...DEFAULT_LAYERS]);
      // And every other enum field the engine knows, so a new one cannot be forgotten.
      for (const collection of OUR_COLLECTIONS) {
        for (const [field, spec] of Object.entries(ITEM_FIELDS[collection])) {
          if (spec.type === 'enum') assert.deepEqual(offeredValues(itemSchema(kindOfCollection(collection), collection).properties[field]), [...spec.values], `${collection}.${field}`);
        }
      }
    });

    it('describes exactly the fields the engine reads, top level and per item', () => {
      for (const kind of DOCUMENT_KINDS) {
        const shape = KIND_SHAPES[kind];
        const topLevel = [...Object.keys(COMMON_FIELDS), ...Object.keys(shape.fields), ...shape.collections.map(collectionKey)];
        assert.deepEqual(Object.keys(schemas[kindFile(kind)].properties).sort(), [...new Set(topLevel)].sort(), kind);
        assert.deepEqual(schemas[kindFile(kind)].properties.kind.const, kind);
      }
      for (const collection of OUR_COLLECTIONS) {
        const properties = Object.keys(itemSchema(kindOfCollection(collection), collection).properties);
        const expected = Object.keys(ITEM_FIELDS[collection]).concat(collection === 'phases' ? ['activities'] : []);
        assert.deepEqual(properties.sort(), expected.sort(), collection);
      }
    });

    // Values each kind of field must accept and reject. Every probe is also run through the engine
    // (invalid-value and unknown-clause), which must reach the same verdict.
    const PROBES: Record<FieldSpec['type'], (spec: FieldSpec) => { accept: unknown[]; reject: unknown[] }> = {
      text: () => ({ accept: ['Mutual TLS on every link', 2.3, true, null], reject: [['a', 'b'], { a: 1 }] }),
      id: () => ({ accept: ['SR-001', 'Z.CLOUD_1'], reject: [42, '7-UP', ['SR-001']] }),
      date: () => ({ accept: ['2026-09-01', null], reject: ['2026-02-30', '01.09.2026', ['2026-09-01']] }),
      enum: (spec) => {
        const values = spec.type === 'enum' ? spec.values : [];
        return { accept: [...values, null], reject: ['bogus', [values[0]]] };
      },
      layer: () => ({ accept: [...DEFAULT_LAYERS, 'physical', null], reject: [['network']] }),
      layers: () => ({ accept: [[...DEFAULT_LAYERS], ['physical'], null], reject: ['network'] }),
      clause: () => ({ accept: ['5.7.4', 'E.2.4', '§5.7.4', 8, null], reject: ['five', ['5.7.4']] }),
      clauses: () => ({ accept: [['5.7.4', 'E.2.4'], [8], null], reject: ['5.7.4', ['five']] }),
      list: () => ({ accept: [['VT-010', 7], null], reject: ['VT-010', [{ a: 1 }]] }),
      refs: () => ({ accept: [['TH-001', 'TH-002'], null], reject: ['TH-001'] }),
    };

    /** A minimal document of `kind` with `value` under `field` (at top level, or in one item of `collection`). */
    function probeDocument(kind: DocumentKind, collection: CollectionName | null, field: string, value: unknown): Record<string, unknown> {
      if (!collection) return { kind, [field]: value };
      const item: Record<string, unknown> = {};
      if (field !== 'id' && 'id' in ITEM_FIELDS[collection] && !['entries', 'activities', 'plan-activities'].includes(collection)) item.id = 'X-1';
      if (field !== 'clause' && 'clause' in ITEM_FIELDS[collection]) item.clause = '5.7.4';
      item[field] = value;
      if (collection === 'plan-activities') return { kind, phases: [{ name: 'design', activities: [item] }] };
      return { kind, [collectionKey(collection)]: [item] };
    }

    function checkProbes(kind: DocumentKind, collection: CollectionName | null, field: string, spec: FieldSpec, disagreements: string[]) {
      const { accept, reject } = PROBES[spec.type](spec);
      for (const [value, expected] of [...accept.map((v) => [v, true] as const), ...reject.map((v) => [v, false] as const)]) {
        const data = probeDocument(kind, collection, field, value);
        const where = `${kind} ${collection ?? 'top level'}.${field} = ${JSON.stringify(value)}`;
        for (const name of [kindFile(kind), DISPATCHER]) {
          const validate = validator(name);
          if (validate(data) !== expected) disagreements.push(`${name}: ${where} should be ${expected ? 'accepted' : 'rejected'} ${errorsText(validate.errors)}`);
        }
        // An empty YAML value (`key:`) is what people write for "not yet"; the engine reads `null` literally.
        const text = stringifyYaml(data, { nullStr: '' });
        const problems = engineProblems('probe.yaml', text, PROBE_CONFIG);
        if ((problems.length === 0) !== expected) disagreements.push(`engine: ${where} ${expected ? 'rejected' : 'accepted'} ${problems.join('; ')}\n${text}`);
      }
    }

    it('accepts and rejects the same values as the engine, for every field of every kind', () => {
      const disagreements: string[] = [];
      let probed = 0;
      for (const kind of DOCUMENT_KINDS) {
        const fields = { ...COMMON_FIELDS, ...KIND_SHAPES[kind].fields };
        for (const [field, spec] of Object.entries(fields)) {
          if (field === 'kind') continue; // the dispatch key: covered by the dispatcher tests
          checkProbes(kind, null, field, field === 'reviewed' ? { type: 'date' } : spec, disagreements);
          probed++;
        }
      }
      for (const collection of OUR_COLLECTIONS) {
        for (const [field, spec] of Object.entries(ITEM_FIELDS[collection])) {
          checkProbes(kindOfCollection(collection), collection, field, spec, disagreements);
          probed++;
        }
      }
      assert.deepEqual(disagreements, []);
      assert.ok(probed > 60, `probed ${probed} fields`);
    });
  });

  describe('the example workspace', () => {
    const files = (() => {
      const found: string[] = [];
      const walk = (dir: string) => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
          const full = path.join(dir, entry.name);
          if (entry.isDirectory()) walk(full);
          else if (/\.(ya?ml|md)$/.test(entry.name)) found.push(path.relative(REPO_ROOT, full).split(path.sep).join('/'));
        }
      };
      walk(path.join(REPO_ROOT, 'examples', 'infusync'));
      return found.sort();
    })();

    it('validates every document exactly when the engine finds no invalid value in it (Markdown: the front matter)', () => {
      const verdicts: string[] = [];
      let rejected = 0;
      let accepted = 0;
      for (const file of files) {
        const text = fs.readFileSync(path.join(REPO_ROOT, file), 'utf8');
        if (path.basename(file) === '.clause-guide.yaml') continue; // the configuration test below
        const parsed = parse(text, file);
        // A file that does not parse is syntax-error's: neither the engine nor a schema can judge its values.
        if (parsed.syntaxProblems.length > 0 || !parsed.yaml) continue;
        const frontMatter = file.endsWith('.md') ? findFrontMatter(text) : null;
        // Markdown items live in tables, which only the engine reads; its front matter holds the
        // document's top-level fields, which the kind's schema covers (no collection is required).
        const data = frontMatter ? parseYaml(text.slice(frontMatter.start, frontMatter.end)) : parseYaml(text);
        if (!parsed.documentKind) {
          if (!validator(DISPATCHER)(data)) verdicts.push(`${file}: not a Clause Guide document, yet the dispatcher rejects it`);
          continue;
        }
        const problems = engineProblems(file, text);
        const engineValid = problems.length === 0;
        for (const name of [kindFile(parsed.documentKind), DISPATCHER]) {
          const validate = validator(name);
          if (validate(data) !== engineValid) {
            verdicts.push(`${file} (${name}): engine ${engineValid ? 'accepts' : `rejects (${problems.join('; ')})`}, schema ${engineValid ? `rejects (${errorsText(validate.errors)})` : 'accepts'}`);
          }
        }
        if (engineValid) accepted++;
        else rejected++;
      }
      assert.deepEqual(verdicts, []);
      assert.ok(accepted >= 8, `${accepted} example documents validated`);
      assert.ok(rejected >= 1, 'the example keeps a value outside its enumeration (risk: moderate), and the schema rejects it too');
    });

    it('validates every .clause-guide.yaml exactly when the engine reads it without a problem', () => {
      const configs = files.filter((file) => path.basename(file) === '.clause-guide.yaml');
      assert.ok(configs.length >= 1);
      for (const file of configs) {
        const text = fs.readFileSync(path.join(REPO_ROOT, file), 'utf8');
        const { problems } = parseConfig(text, RULES.map((rule) => rule.name));
        assert.equal(validator(CONFIG_SCHEMA)(parseYaml(text)), problems.length === 0, `${file}: ${errorsText(validator(CONFIG_SCHEMA).errors)}`);
      }
    });
  });

  describe('rejects a wrong value where the editor can point at it', () => {
    const CASES: { name: string; kind: DocumentKind; text: string; path: string; keyword: string }[] = [
      {
        name: 'a phase outside the four',
        kind: 'security-requirements',
        text: 'kind: security-requirements\nrequirements:\n  - id: SR-001\n    phase: instalation\n    threats: [TH-004]\n',
        path: '/requirements/0/phase',
        keyword: 'enum',
      },
      {
        name: 'threats written as a string',
        kind: 'security-requirements',
        text: 'kind: security-requirements\nrequirements:\n  - id: SR-001\n    phase: operation\n    threats: TH-004\n',
        path: '/requirements/0/threats',
        keyword: 'type',
      },
      {
        name: 'an id that is a number',
        kind: 'threat-model',
        text: 'kind: threat-model\nthreats:\n  - id: 42\n    title: Tampered update\n',
        path: '/threats/0/id',
        keyword: 'type',
      },
      {
        name: 'an unknown tailoring decision',
        kind: 'tailoring-record',
        text: 'kind: tailoring-record\nentries:\n  - clause: "5.7.4"\n    decision: maybe\n',
        path: '/entries/0/decision',
        keyword: 'enum',
      },
      {
        name: 'an unknown release decision',
        kind: 'release-record',
        text: 'kind: release-record\nrelease: 2.3.0\ndecision: approved\n',
        path: '/decision',
        keyword: 'enum',
      },
      {
        name: 'a finding status outside the three',
        kind: 'release-record',
        text: 'kind: release-record\nfindings:\n  - id: F-1\n    status: closed\n',
        path: '/findings/0/status',
        keyword: 'enum',
      },
      {
        name: 'a date that does not exist',
        kind: 'security-architecture',
        text: 'kind: security-architecture\nreviewed: 2026-02-30\n',
        path: '/reviewed',
        keyword: 'format',
      },
      {
        name: 'layers written as a string',
        kind: 'security-architecture',
        text: 'kind: security-architecture\nlayers: network\n',
        path: '/layers',
        keyword: 'type',
      },
    ];

    for (const { name, kind, text, path: instancePath, keyword } of CASES) {
      it(name, () => {
        const data = parseYaml(text);
        for (const schemaName of [kindFile(kind), DISPATCHER]) {
          const validate = validator(schemaName);
          assert.equal(validate(data), false, `${schemaName} rejects it`);
          assert.ok(
            validate.errors!.some((error) => error.instancePath === instancePath && error.keyword === keyword),
            `${schemaName}: expected ${keyword} at ${instancePath}, got ${errorsText(validate.errors)}`,
          );
        }
        assert.notDeepEqual(engineProblems('doc.yaml', text), [], 'the engine reports it as invalid-value too');
      });
    }

    it('requires an id on requirements, threats, zones, boundaries, controls and findings, and a clause on tailoring entries and release activities', () => {
      const required: [DocumentKind, string, string][] = [
        ['security-requirements', 'requirements', 'id'],
        ['threat-model', 'threats', 'id'],
        ['security-architecture', 'zones', 'id'],
        ['security-architecture', 'boundaries', 'id'],
        ['security-architecture', 'controls', 'id'],
        ['release-record', 'findings', 'id'],
        ['tailoring-record', 'entries', 'clause'],
        ['release-record', 'activities', 'clause'],
      ];
      for (const [kind, key, field] of required) {
        const validate = validator(kindFile(kind));
        assert.equal(validate({ kind, [key]: [{ title: 'no ' + field }] }), false, `${kind}.${key} without ${field}`);
        assert.ok(validate.errors!.some((e) => e.keyword === 'required' && e.instancePath === `/${key}/0` && (e.params as { missingProperty: string }).missingProperty === field));
      }
      assert.equal(validator(kindFile('tailoring-record'))({ kind: 'tailoring-record', approvers: [{ name: 'Dana Ruiz' }] }), true, 'approvers need no id');
    });

    it('requires kind', () => {
      for (const kind of DOCUMENT_KINDS) assert.equal(validator(kindFile(kind))({ title: 'no kind' }), false, kind);
    });
  });

  describe('the dispatching schema (security-file.schema.json)', () => {
    const OTHER_YAML: Record<string, string> = {
      'a Kubernetes manifest': [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  name: gateway',
        '  labels: {app: gateway}',
        'spec:',
        '  replicas: 2',
        '  selector: {matchLabels: {app: gateway}}',
        '  template:',
        '    metadata: {labels: {app: gateway}}',
        '    spec:',
        '      containers:',
        '        - name: gateway',
        '          image: registry.example/gateway:2.3.0',
        '          ports: [{containerPort: 8443}]',
      ].join('\n'),
      'a GitHub workflow': [
        'name: CI',
        'on:',
        '  push: {branches: [main]}',
        '  pull_request:',
        'jobs:',
        '  check:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - uses: actions/checkout@v4',
        '      - run: npx clause-guide check security --fail-on error',
      ].join('\n'),
      'an Ansible playbook (a list at top level)': '- hosts: gateways\n  tasks:\n    - name: Update\n      ansible.builtin.apt: {name: gateway, state: latest}\n',
      'a Kubernetes List whose kind is not ours': 'apiVersion: v1\nkind: List\nitems: []\n',
      'a plain scalar document': 'just text\n',
      'a mapping without kind': 'threats: not a list\nid: 42\n',
    };
    for (const [name, text] of Object.entries(OTHER_YAML)) {
      it(`accepts ${name} untouched`, () => {
        const validate = validator(DISPATCHER);
        assert.equal(validate(parseYaml(text)), true, errorsText(validate.errors));
      });
    }

    it('dispatches on kind: each kind is checked by its own schema', () => {
      for (const kind of DOCUMENT_KINDS) {
        const validate = validator(DISPATCHER);
        assert.equal(validate({ kind, reviewed: 'last week' }), false, kind);
        assert.ok(validate.errors!.some((e) => e.instancePath === '/reviewed' && e.keyword === 'pattern'), `${kind}: ${errorsText(validate.errors)}`);
        assert.equal(validate({ kind, owner: 'Product Security Officer', notes: 'fields of your own are fine' }), true, `${kind}: ${errorsText(validate.errors)}`);
      }
    });
  });

  describe('the configuration schema (.clause-guide.yaml)', () => {
    it('describes exactly the top-level keys the engine reads', () => {
      // parseConfig names the keys it knows when it meets one it does not.
      const { problems } = parseConfig('no-such-key: 1\n', RULES.map((rule) => rule.name));
      const known = /Known keys: ([^.]+)\./.exec(problems[0]?.message ?? '');
      assert.ok(known, `the engine lists its keys: ${problems[0]?.message}`);
      const engineKeys = known[1].split(', ').sort();
      assert.deepEqual(Object.keys(schemas[CONFIG_SCHEMA].properties).sort(), engineKeys, `schemas/${CONFIG_SCHEMA} must describe each key of .clause-guide.yaml`);
    });

    it('names every rule of the registry, with the severities the engine reads', () => {
      const rules = schemas[CONFIG_SCHEMA].properties.rules.properties;
      assert.deepEqual(Object.keys(rules).sort(), RULES.map((rule) => rule.name).sort(), `schemas/${CONFIG_SCHEMA} must list each rule under rules.properties`);
      for (const rule of RULES) {
        for (const severity of rules[rule.name].enum) {
          const { problems } = parseConfig(`rules:\n  ${rule.name}: ${severity}\n`, RULES.map((r) => r.name));
          assert.deepEqual(problems, [], `${rule.name}: ${severity}`);
        }
        // Hover on a rule name shows the registry's own description, kept current.
        assert.ok(rules[rule.name].markdownDescription.startsWith(rule.description), `${rule.name}: description as in the registry`);
        assert.match(rules[rule.name].markdownDescription, new RegExp(`Default severity: \`${rule.defaultSeverity}\``));
      }
    });

    const CONFIGS: Record<string, string> = {
      'a full configuration': 'rules:\n  control-unmapped: warning\n  clause-uncovered: off\ninclude: ["security/**"]\nexclude: ["drafts/"]\nlayers: [network, physical]\nclauses:\n  include: ["5", "7"]\n  exclude: ["5.7.5", "E", "§5.8.7"]\n',
      'an empty file': '',
      'empty values': 'rules:\ninclude:\nclauses:\n  exclude:\n',
      'an unknown rule': 'rules:\n  control-unmaped: warning\n',
      'an unknown severity': 'rules:\n  phase-missing: loud\n',
      'an unknown top-level key': 'rule:\n  phase-missing: off\n',
      'include as a string': 'include: security/**\n',
      'a clause id that is none': 'clauses:\n  include: ["5.x"]\n',
      'an unknown key under clauses': 'clauses:\n  only: ["5.7"]\n',
      'rules as a list': 'rules: [phase-missing]\n',
      'a size in bytes': 'maxFileSize: 5242880\n',
      'a size with a unit': 'maxFileSize: 512 KiB\n',
      'a size that is none': 'maxFileSize: large\n',
    };
    for (const [name, text] of Object.entries(CONFIGS)) {
      it(`reaches the engine's verdict on ${name}`, () => {
        const { problems } = parseConfig(text, RULES.map((rule) => rule.name));
        const validate = validator(CONFIG_SCHEMA);
        assert.equal(validate(parseYaml(text) ?? null), problems.length === 0, `engine: ${problems.map((p) => p.message).join('; ') || 'no problem'}; schema: ${errorsText(validate.errors) || 'valid'}`);
      });
    }
  });

  describe('package.json yamlValidation', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    const entries: { fileMatch: string | string[]; url: string }[] = manifest.contributes.yamlValidation;
    const globsOf = (entry: { fileMatch: string | string[] }) => [entry.fileMatch].flat();

    it('points every url at a schema file that exists', () => {
      assert.ok(entries.length >= DOCUMENT_KINDS.length + 1);
      for (const entry of entries) {
        assert.match(entry.url, /^\.\/schemas\/[\w.-]+\.schema\.json$/);
        assert.ok(fs.existsSync(path.join(REPO_ROOT, entry.url)), entry.url);
      }
    });

    it('contributes the configuration schema and a schema for each kind', () => {
      const urls = entries.map((entry) => entry.url);
      assert.ok(urls.includes(`./schemas/${CONFIG_SCHEMA}`));
      for (const kind of DOCUMENT_KINDS) assert.ok(urls.includes(`./schemas/${kindFile(kind)}`), kind);
    });

    it('matches the example files by their conventional names, each with the schema of the kind it declares', () => {
      const examples = fs
        .readdirSync(path.join(REPO_ROOT, 'examples', 'infusync'), { recursive: true, withFileTypes: false })
        .map((file) => `examples/infusync/${String(file).split(path.sep).join('/')}`)
        .filter((file) => /\.ya?ml$/.test(file));
      let matched = 0;
      for (const file of examples) {
        const schemasForFile = entries.filter((entry) => globsOf(entry).some((glob) => compileGlob(glob).test(file))).map((entry) => path.basename(entry.url));
        const text = fs.readFileSync(path.join(REPO_ROOT, file), 'utf8');
        if (path.basename(file) === '.clause-guide.yaml') {
          assert.deepEqual(schemasForFile, [CONFIG_SCHEMA], file);
          continue;
        }
        const kind = parse(text, file).documentKind;
        if (schemasForFile.length === 0) continue;
        assert.deepEqual(schemasForFile, [kindFile(kind!)], `${file} declares ${kind}`);
        matched++;
      }
      assert.ok(matched >= 6, `${matched} example files matched by name`);
    });

    it('ships the schemas in the extension package (.vscodeignore is an allowlist)', () => {
      const lines = fs.readFileSync(path.join(REPO_ROOT, '.vscodeignore'), 'utf8').split(/\r?\n/).map((line) => line.trim());
      assert.ok(lines.includes('**'), '.vscodeignore starts from "ignore everything"');
      assert.ok(lines.includes('!schemas/**'), '.vscodeignore lets schemas/ through');
    });
  });
});

// The consumer itself: yaml-language-server is what the Red Hat YAML extension runs. It is
// configured here as that extension configures it from our package.json (schema paths joined
// to the extension folder), so file matching, the dispatcher's relative $refs and the
// editor-only keywords (errorMessage, patternErrorMessage) are exercised as users meet them.
describe('JSON Schemas in yaml-language-server', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  const service = getLanguageService({
    schemaRequestService: async (uri: string) => fs.readFileSync(URI.parse(uri).fsPath, 'utf8'),
    workspaceContext: { resolveRelativePath: (relativePath: string, resource: string) => new URL(relativePath, resource).toString() },
  });
  service.configure({
    validate: true,
    completion: true,
    hover: true,
    schemas: (manifest.contributes.yamlValidation as { fileMatch: string | string[]; url: string }[]).map((entry) => ({
      uri: URI.file(path.join(REPO_ROOT, entry.url)).toString(),
      fileMatch: [entry.fileMatch].flat(),
    })),
  });
  // yaml-language-server caches parsed documents by uri and version: each text gets a new version.
  let version = 0;
  const open = (relativePath: string, text: string) => TextDocument.create(URI.file(path.join(REPO_ROOT, relativePath)).toString(), 'yaml', ++version, text);
  const schemaDiagnostics = async (relativePath: string, text: string) =>
    (await service.doValidation(open(relativePath, text), false)).filter((d) => String(d.source ?? '').startsWith('yaml-schema'));

  it('reports nothing on the example documents the engine accepts, and the one bad enum value it rejects', async () => {
    const reports: string[] = [];
    for (const file of ['security/security-requirements.yaml', 'security/threat-model.yaml', 'security/security-architecture.yaml', 'security/tailoring-record.yaml', 'security/release-record.yaml', 'security/lifecycle-plan.yaml', 'legacy-bridge/threat-model.yaml', 'legacy-bridge/.clause-guide.yaml']) {
      const relativePath = `examples/infusync/${file}`;
      for (const d of await schemaDiagnostics(relativePath, fs.readFileSync(path.join(REPO_ROOT, relativePath), 'utf8'))) {
        reports.push(`${file}:${d.range.start.line + 1}: ${d.message}`);
      }
    }
    assert.equal(reports.length, 1, reports.join('\n'));
    assert.match(reports[0], /^security\/threat-model\.yaml:\d+: Value is not accepted\. Valid values: "low", "medium", "high", "critical"/);
  });

  it('points at each wrong value with a message that says what to write', async () => {
    const text = [
      'kind: security-requirements',
      'reviewed: 2026-13-01',
      'requirements:',
      '  - id: 42',
      '    phase: instalation',
      '    threats: TH-004',
      '  - phase: operation',
    ].join('\n');
    const found = (await schemaDiagnostics('security/security-requirements.yaml', text)).map((d) => `${d.range.start.line + 1}: ${d.message}`);
    assert.deepEqual(found.sort(), [
      '2: Write the date as YYYY-MM-DD, e.g. 2026-09-01.',
      '4: An id is text that starts with a letter, e.g. SR-001; a number cannot be an id.',
      '5: Value is not accepted. Valid values: "installation", "operation", "maintenance", "decommissioning", null.',
      '6: Write a list of ids here, e.g. [TH-004].',
      '7: Missing property "id".',
    ]);
  });

  it('completes enum values and names the clause in hover', async () => {
    const text = 'kind: security-requirements\nrequirements:\n  - id: SR-001\n    phase: \n';
    const document = open('security/security-requirements.yaml', text);
    const completion = await service.doComplete(document, { line: 3, character: 11 }, false);
    for (const phase of REQUIREMENT_PHASES) assert.ok(completion.items.some((item) => item.label === phase), `completion offers ${phase}`);
    const hover = await service.doHover(document, { line: 3, character: 6 });
    assert.match(JSON.stringify(hover?.contents), /IEC 81001-5-1 §5\.2\.1/);
  });

  it('leaves other YAML alone under the dispatching schema named in a modeline', async () => {
    const modeline = `# yaml-language-server: $schema=${URI.file(path.join(SCHEMA_DIR, DISPATCHER)).toString()}\n`;
    const kubernetes = `${modeline}apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: gateway\nspec:\n  replicas: 2\n`;
    assert.deepEqual(await schemaDiagnostics('deploy/gateway.yaml', kubernetes), []);
    const threats = `${modeline}kind: threat-model\nthreats:\n  - id: TH-1\n    risk: moderate\n`;
    const found = await schemaDiagnostics('docs/threats.yaml', threats);
    assert.equal(found.length, 1, found.map((d) => d.message).join('; '));
    assert.equal(found[0].range.start.line, 4);
  });
});
