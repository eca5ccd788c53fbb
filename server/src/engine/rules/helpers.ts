// Small helpers shared by the rules: emptiness of a field, naming an item in a message, which
// threats the controls mitigate, layers (from ../layers.ts). Free ids and ISO dates are ../ids.ts (the records use them too).
import { setFieldEdit } from '../edits';
import { fieldText, type FieldValue, type ModelDocument, type ModelItem } from '../model';
import type { Fix } from '../types';
import type { ItemsView } from './rule';

/**
 * Whether a field says nothing: absent, empty, `[]`, or an empty cell. A value of the wrong shape
 * (a scalar where a list belongs, a mapping) is not empty: invalid-value reports it.
 */
export function isBlank(holder: { fields: Record<string, FieldValue> }, key: string): boolean {
  const field = holder.fields[key];
  if (!field) return true;
  if (field.structured) return false;
  if (field.list) return field.list.every((value) => value.isEmpty);
  return !field.scalar || field.scalar.isEmpty;
}

/** "Control CTL-1", or "The control on line 12" for an item without an id. */
export function itemName(item: ModelItem, noun: string): string {
  return item.id ? `${noun} ${item.id.text}` : `The ${noun.toLowerCase()} on line ${item.range.start.line + 1}`;
}

/** The threat ids a threat assessment (threat-model `threat_assessments`) names under `threats`. */
export function assessedThreats(assessment: ModelItem): string[] {
  return (assessment.fields.threats?.list ?? []).map((value) => value.text.trim()).filter(Boolean);
}

/** "The assessment of TD-5" (or of the threats it names), for messages. */
export function assessmentName(assessment: ModelItem): string {
  const threats = assessedThreats(assessment);
  return threats.length ? `The assessment of ${threats.join(', ')}` : itemName(assessment, 'Threat assessment');
}

export { memoized } from '../cache';
export { firstFreeId, isoDate, nextId } from '../ids';

/** The file name of a uri, for messages. */
export function fileName(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}

/** Ids of the threats some control (of any architecture document) mitigates. */
export function mitigatedThreatIds(workspace: ItemsView<'controls'>): Set<string> {
  return new Set(workspace.items('controls').flatMap((control) => control.fields.mitigates?.list ?? []).map((value) => value.text));
}

/** Threats with an id, each id once, in workspace order. */
export function threatsWithIds(workspace: ItemsView<'threats'>): ModelItem[] {
  const seen = new Set<string>();
  return workspace.items('threats').filter((threat) => threat.id && !seen.has(threat.id.text) && seen.add(threat.id.text));
}

/** Threats no control mitigates yet; when every threat is mitigated, all threats (defense in depth). */
export function threatCandidates(workspace: ItemsView<'controls' | 'threats'>): ModelItem[] {
  const mitigated = mitigatedThreatIds(workspace);
  const threats = threatsWithIds(workspace);
  const open = threats.filter((threat) => !mitigated.has(threat.id!.text));
  return open.length ? open : threats;
}

export { controlLayer, requiredLayers, type RequiredLayer } from '../layers';

/**
 * What to write when an item's list of ids is empty, in the form the item is written in: a
 * table row gets "Write the id(s) of … in its Threats cell", a YAML item "Add `threats: [TH-…]` with …".
 */
export function idListHint(item: ModelItem, list: { key: string; label: string; idPrefix: string; what: string; clause: string }): string {
  return item.form === 'markdown'
    ? `Write the id(s) of ${list.what} in ${markdownCell(item, list.key, list.label)} (§${list.clause}).`
    : `Add \`${list.key}: [${list.idPrefix}-…]\` with ${list.what} (§${list.clause}).`;
}

/** "Add <key>: [ID] (title)" for each candidate: the fixes that fill an item's empty id list with one of them. */
export function addIdFixes(document: ModelDocument, item: ModelItem, key: string, candidates: ModelItem[]): Fix[] {
  return candidates.flatMap((candidate) => {
    const id = candidate.id!.text;
    const edit = setFieldEdit(document, item, key, `[${id}]`);
    const title = fieldText(candidate, 'title');
    return edit ? [{ title: `Add ${key}: [${id}]${title ? ` (${title})` : ''}`, edits: { [item.uri]: [edit] } }] : [];
  });
}

/** Where a Markdown item's value goes: "its Threats cell", or "a Threats column" when the table has none. */
export function markdownCell(item: ModelItem, key: string, label: string): string {
  return item.fields[key] ? `its ${label} cell` : `a ${label} column`;
}
