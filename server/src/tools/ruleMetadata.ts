// The rule lists kept outside the code, written from the rule registry (server/src/engine/rules):
// the `clauseGuide.rules` setting in package.json, `rules` in the `.clause-guide.yaml` schema,
// and README's rules table. A rule is its file and one registry line; `npm run generate` rewrites
// these copies, and a unit test fails while a committed copy differs from what this would write.
//
// Pure: each function takes a file's current text and returns the text it should have, changing
// only the rule list in it (JSON files keep their key order and two-space layout; README keeps
// everything outside its marker comments).
import type { Rule } from '../engine/rules/rule';
import type { Severity } from '../engine/types';

/** The severities a rule can be given in settings and `.clause-guide.yaml`, and `off`. */
const SETTING_VALUES: readonly (Severity | 'off')[] = ['error', 'warning', 'information', 'hint', 'off'];

const SETTING_VALUE_MEANINGS: readonly { text: string; markdown: string }[] = [
  { text: 'Report as an error (fails clause-guide check with the default --fail-on error).', markdown: 'Report as an error (fails `clause-guide check` with the default `--fail-on error`).' },
  { text: 'Report as a warning.', markdown: 'Report as a warning.' },
  { text: 'Report as information.', markdown: 'Report as information.' },
  { text: 'Report as a hint (shown faintly in the editor).', markdown: 'Report as a hint (shown faintly in the editor).' },
  { text: 'Do not run this rule.', markdown: 'Do not run this rule.' },
];

export const README_BEGIN = '<!-- rules table: generated from the rule registry by `npm run generate`; edit the rules, not this table -->';
export const README_END = '<!-- end of the generated rules table -->';

/** The rule lists the generator writes, as paths relative to the repository root. */
export const GENERATED_FILES = ['package.json', 'schemas/clause-guide-config.schema.json', 'README.md'] as const;
export type GeneratedFile = (typeof GENERATED_FILES)[number];

/** The text `file` should have, given its current text and the registry. */
export function regenerate(file: GeneratedFile, current: string, rules: readonly Rule[]): string {
  switch (file) {
    case 'package.json':
      return withJsonAt(current, ['contributes', 'configuration', 'properties', 'clauseGuide.rules', 'properties'], settingsProperties(rules), file);
    case 'schemas/clause-guide-config.schema.json':
      return withJsonAt(current, ['properties', 'rules', 'properties'], schemaProperties(rules), file);
    case 'README.md':
      return withReadmeTable(current, rules);
  }
}

/** Rules by name: the order settings editors and schema completion list them in. */
function byName(rules: readonly Rule[]): Rule[] {
  return [...rules].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function serves(rule: Rule): string {
  return rule.clause ? `§${rule.clause}` : 'any clause';
}

/** The description without Markdown code marks, for `description` (shown where Markdown is not). */
function plain(markdown: string): string {
  return markdown.replace(/`/g, '');
}

/** package.json: `clauseGuide.rules` (the editor's per-folder severities), one property per rule. */
function settingsProperties(rules: readonly Rule[]): Record<string, unknown> {
  return Object.fromEntries(
    byName(rules).map((rule) => [
      rule.name,
      {
        type: 'string',
        enum: [...SETTING_VALUES],
        markdownDescription: `Severity of \`${rule.name}\`, or \`off\`. ${rule.description} Serves: ${serves(rule)}. Default: \`${rule.defaultSeverity}\`.`,
      },
    ]),
  );
}

/** The `.clause-guide.yaml` schema: `rules`, one property per rule, with the registry's description. */
function schemaProperties(rules: readonly Rule[]): Record<string, unknown> {
  return Object.fromEntries(
    byName(rules).map((rule) => {
      const markdown = `${rule.description}\n\nServes: ${serves(rule)}. Default severity: \`${rule.defaultSeverity}\`.`;
      return [
        rule.name,
        {
          title: rule.name,
          description: plain(markdown),
          markdownDescription: markdown,
          enum: [...SETTING_VALUES],
          enumDescriptions: SETTING_VALUE_MEANINGS.map((meaning) => meaning.text),
          markdownEnumDescriptions: SETTING_VALUE_MEANINGS.map((meaning) => meaning.markdown),
        },
      ];
    }),
  );
}

function withJsonAt(current: string, keys: readonly string[], value: unknown, file: string): string {
  const json = JSON.parse(current) as Record<string, unknown>;
  let holder: Record<string, unknown> = json;
  for (const key of keys.slice(0, -1)) {
    const next = holder[key];
    if (!next || typeof next !== 'object' || Array.isArray(next)) throw new Error(`${file}: no object at ${keys.join(' > ')}`);
    holder = next as Record<string, unknown>;
  }
  holder[keys[keys.length - 1]] = value;
  return `${JSON.stringify(json, null, 2)}\n`;
}

/**
 * README: the table between the marker comments. Rules of a clause come first, by clause
 * number, then the rules about files and references (no clause of their own); registry order
 * within each.
 */
function withReadmeTable(current: string, rules: readonly Rule[]): string {
  const begin = current.indexOf(README_BEGIN);
  const end = current.indexOf(README_END);
  if (begin < 0 || end < begin) throw new Error(`README.md: the rules table must sit between "${README_BEGIN}" and "${README_END}"`);
  const ordered = rules
    .map((rule, index) => ({ rule, index }))
    .sort((a, b) => compareClauses(a.rule.clause, b.rule.clause) || a.index - b.index)
    .map(({ rule }) => rule);
  const rows = ordered.map((rule) => `| \`${rule.name}\` | ${rule.clause ? `§${rule.clause}` : '—'} | ${rule.defaultSeverity} | ${tableCell(rule.description)} |`);
  const table = ['| rule | clause | default | finding |', '|---|---|---|---|', ...rows].join('\n');
  return `${current.slice(0, begin)}${README_BEGIN}\n${table}\n${current.slice(end)}`;
}

function compareClauses(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const left = a.split('.');
  const right = b.split('.');
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    if (left[i] === undefined) return -1;
    if (right[i] === undefined) return 1;
    const difference = (Number(left[i]) || 0) - (Number(right[i]) || 0) || left[i].localeCompare(right[i]);
    if (difference) return difference;
  }
  return 0;
}

/** A description as one Markdown table cell: a `|` would start a new cell, a line break end the row. */
function tableCell(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');
}
