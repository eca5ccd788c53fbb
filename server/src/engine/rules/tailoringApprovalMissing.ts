// 5.1.1: a tailoring decision is approved by someone with recorded security expertise, on a
// recorded day. The approver must be listed under the record's `approvers` with a
// `security_expertise`; a name that is not listed gets fixes naming the nearest listed ones.
import { fieldText, type ModelDocument, type ModelItem } from '../model';
import { setFieldEdit } from '../edits';
import type { Fix, RelatedLocation } from '../types';
import { typoDistance } from '../nearest';
import { isBlank, isoDate } from './helpers';
import type { DocumentRule, RuleFinding } from './rule';
import { entryAnchor, entryName, isPlaceholderText } from './tailoringJustificationMissing';

const NAME = 'tailoring-approval-missing';

/** Names compare ignoring case and runs of spaces: "dana  ruiz" is Dana Ruiz. */
const sameName = (a: string, b: string) => a.trim().replace(/\s+/g, ' ').toLowerCase() === b.trim().replace(/\s+/g, ' ').toLowerCase();

/** A value written into YAML as is when that is safe, else double-quoted. */
export function yamlValue(text: string): string {
  return /^[A-Za-z][A-Za-z0-9 .,'()/-]*$/.test(text) && !/\s$/.test(text) ? text : JSON.stringify(text);
}

export const tailoringApprovalMissing: DocumentRule = {
  name: NAME,
  clause: '5.1.1',
  defaultSeverity: 'error',
  scope: 'document',
  description: 'A tailoring entry is not approved by an approver of the record with recorded security expertise, or its approval has no date.',
  check({ model }) {
    if (!model || model.kind !== 'tailoring-record') return [];
    const approvers = model.collections.approvers?.items ?? [];
    const qualified = approvers.filter((approver) => fieldText(approver, 'name').trim() && !isPlaceholderText(fieldText(approver, 'security_expertise')));
    const findings: RuleFinding[] = [];
    for (const entry of model.collections.entries?.items ?? []) {
      if (!isBlank(entry, 'approved_by') && !entry.fields.approved_by.scalar) continue; // a list or mapping: invalid-value reports the shape
      const approvedBy = entry.fields.approved_by?.scalar;
      const name = approvedBy?.text.trim() ?? '';
      if (!name) {
        findings.push(missingApproval(model, entry, qualified));
        continue;
      }
      const named = approvers.filter((approver) => sameName(fieldText(approver, 'name'), name));
      const range = approvedBy!.range;
      if (named.some((approver) => qualified.includes(approver))) {
        // An approval is dated: without the day, nobody can tell it came before the release it tailors.
        if (!isoDate(fieldText(entry, 'date'))) {
          findings.push({
            uri: model.uri,
            range,
            message:
              `${entryName(entry)} is approved by ${name} but gives no approval date. Add \`date:\` with the day it was approved (YYYY-MM-DD) (§5.1.1).`,
          });
        }
        continue;
      }
      if (named.length === 0) {
        const listed = qualified.map((approver) => fieldText(approver, 'name').trim());
        const nearest = nearestApprovers(name, listed);
        findings.push({
          fixes: () =>
            nearest.flatMap((listedName, i) => {
              const edit = setFieldEdit(model, entry, 'approved_by', entry.form === 'yaml' ? yamlValue(listedName) : listedName);
              // Preferred only for a plain slip of the pen (one or two edits): a far guess names someone else.
              return edit ? [{ title: `Set approved_by: ${listedName}`, edits: { [model.uri]: [edit] }, isPreferred: i === 0 && typoDistance(name.toLowerCase(), listedName.toLowerCase()) <= 2 }] : [];
            }),
          uri: model.uri,
          range,
          message:
            `${entryName(entry)} is approved by "${name}", who is not listed under \`approvers\`. ` +
            `Add ${name} to \`approvers\` with a \`role\` and their \`security_expertise\`` +
            (listed.length ? `, or name one of the listed approvers (${listed.join(', ')})` : '') +
            ` (§5.1.1).`,
        });
      } else {
        const approver = named[0];
        findings.push({
          uri: model.uri,
          range,
          message:
            `${entryName(entry)} is approved by ${name}, whose \`security_expertise\` is not recorded. ` +
            `Add it to the approver (training, certification, years of security work), or have an approver with recorded expertise approve the entry (§5.1.1).`,
          related: [approverLocation(model, approver, `${name} is listed here without security_expertise.`)],
        });
      }
    }
    return findings;
  },
};

function missingApproval(model: ModelDocument, entry: ModelItem, qualified: ModelItem[]): RuleFinding {
  const range = entryAnchor(entry);
  const fixes = (): Fix[] =>
    qualified.slice(0, 3).flatMap((approver) => {
      const name = fieldText(approver, 'name').trim();
      const edit = setFieldEdit(model, entry, 'approved_by', entry.form === 'yaml' ? yamlValue(name) : name);
      return edit ? [{ title: `Set approved_by: ${name}`, edits: { [model.uri]: [edit] }, isPreferred: qualified.length === 1 }] : [];
    });
  const names = qualified.map((approver) => fieldText(approver, 'name').trim());
  return {
    uri: model.uri,
    range,
    message:
      `${entryName(entry)} is not approved. Add \`approved_by:\` with the name of ` +
      (names.length ? `the approver with security expertise who approved it (${names.join(', ')})` : 'an approver, and list that approver under `approvers` with their `security_expertise`') +
      ` (§5.1.1).`,
    related: qualified.length === 1 ? [approverLocation(model, qualified[0], 'The approver with recorded security expertise.')] : undefined,
    fixes,
  };
}

function approverLocation(model: ModelDocument, approver: ModelItem, message: string): RelatedLocation {
  const name = approver.fields.name?.scalar;
  return { uri: model.uri, range: name?.text ? name.range : approver.anchor, message };
}

/** The listed qualified approvers nearest to a name that is not listed, nearest first (at most three). */
function nearestApprovers(name: string, listed: string[]): string[] {
  const written = name.toLowerCase();
  return listed
    .map((candidate, order) => ({ candidate, order, distance: typoDistance(written, candidate.toLowerCase()) }))
    .sort((a, b) => a.distance - b.distance || a.order - b.order)
    .slice(0, 3)
    .map((entry) => entry.candidate);
}
