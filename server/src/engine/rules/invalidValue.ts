import { rankChoices } from '../nearest';
import type { FieldValue, ModelDocument, ScalarValue } from '../model';
import { DEFAULT_LAYERS, ITEM_FIELDS, KIND_SHAPES, specOf, type FieldSpec } from '../schema';
import { isoDate } from '../ids';
import type { Fix } from '../types';
import type { DocumentRule, RuleFinding } from './rule';

const CHECKED_TYPES = new Set<FieldSpec['type']>(['enum', 'layer', 'layers', 'date']);

export const invalidValue: DocumentRule = {
  name: 'invalid-value',
  clause: null,
  defaultSeverity: 'error',
  scope: 'document',
  description: 'A value is outside its enumeration (phase, layer, status, decision, …), is not a valid date, or has the wrong shape (a text where a list belongs, a number for an id).',
  check({ model, config }) {
    // An evidence file's values are its tool's: the evidence rules judge what they read of it.
    if (!model || model.parsed.evidence) return [];
    const findings: RuleFinding[] = model.shapeProblems.map((problem) => ({ uri: model.uri, range: problem.range, message: problem.message }));
    const declaredLayers = (model.fields.layers?.list ?? []).map((value) => value.text);
    const knownLayers = [...new Set([...DEFAULT_LAYERS, ...config.layers])];
    const layerChoices = declaredLayers.length ? declaredLayers : knownLayers;

    const checkValue = (field: FieldValue, spec: FieldSpec, value: ScalarValue) => {
      if (!value.text) return;
      if (spec.type === 'enum') checkChoice(model, field.key, value, spec.values, findings, undefined, spec.scale);
      else if (spec.type === 'layer') checkChoice(model, field.key, value, layerChoices, findings, declaredLayers.length ? 'the layers this architecture declares' : undefined);
      else if (spec.type === 'layers') checkChoice(model, field.key, value, knownLayers, findings);
      else if (spec.type === 'date' && isoDate(value.text) !== value.text) {
        findings.push({ uri: model.uri, range: value.range, message: `\`${field.key}: ${value.text}\` is not a date. Write it as YYYY-MM-DD, e.g. 2026-09-01.` });
      }
    };
    // Every field of every item passes here (a quarter of a million in a product line): only
    // fields whose type has choices or a format are looked at, without building lists.
    const checkField = (field: FieldValue | undefined, spec: FieldSpec | undefined) => {
      if (!field || !spec || !CHECKED_TYPES.has(spec.type)) return;
      if (field.scalar) checkValue(field, spec, field.scalar);
      else if (field.list) for (const value of field.list) checkValue(field, spec, value);
    };

    const shape = KIND_SHAPES[model.kind];
    for (const key in model.fields) checkField(model.fields[key], specOf(shape.fields, key) ?? (key === 'reviewed' ? { type: 'date' } : undefined));
    for (const item of model.items) {
      const specs = ITEM_FIELDS[item.collection];
      for (const key in item.fields) checkField(item.fields[key], specOf(specs, key));
    }
    return findings;
  },
};

/**
 * A value outside its choices, with a fix per likely choice. On a rating scale (risk, safety
 * impact) no fix is preferred: a preferred fix is applied without a look ("Fix all", one key),
 * and a guess could lower a rating ("severe" is as near "none" as "serious"). There, when no level
 * is plainly meant, every level is offered, the most severe first (the cautious end at the top of
 * the list), and the message asks for a choice.
 */
function checkChoice(model: ModelDocument, key: string, value: ScalarValue, choices: readonly string[], findings: RuleFinding[], choicesName?: string, scale = false) {
  if (choices.includes(value.text)) return;
  const { ranked, meant } = rankChoices(value.text, choices);
  const mostSevereFirst = [...choices].reverse();
  const offered = scale ? (meant ? [meant, ...mostSevereFirst.filter((choice) => choice !== meant)] : mostSevereFirst) : ranked.slice(0, 3);
  const fixes = (): Fix[] =>
    offered.map((choice, index) => ({
      title: `Change to "${choice}"`,
      edits: { [model.uri]: [{ range: value.range, newText: choice }] },
      isPreferred: !scale && index === 0,
    }));
  const suggestion = meant || !scale ? `Did you mean "${meant ?? ranked[0]}"?` : 'Choose the level that fits: a guess could understate it.';
  findings.push({
    uri: model.uri,
    range: value.range,
    message: `\`${key}: ${value.text}\` is not one of ${choicesName ?? choices.join(', ')}. ${suggestion}`,
    fixes,
  });
}

