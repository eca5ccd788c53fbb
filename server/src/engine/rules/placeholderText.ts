// A value that only stands in for one ("TODO: describe the threat", "TBD", "n/a", "…") says
// nothing to an auditor. Quick fixes write such values for a person to fill, so a placeholder
// has to stay visible as a finding until the person has written the real thing: a fix never
// closes a gap by itself.
import type { FieldValue, ModelDocument, ModelItem } from '../model';
import { COMMON_FIELDS, ITEM_FIELDS, KIND_SHAPES, specOf, type CollectionName, type FieldSpec } from '../schema';
import type { DocumentRule, RuleFinding } from './rule';
import { itemName } from './helpers';

/**
 * Fields whose own rule already reads a placeholder as missing and says so in its words
 * (tailoring-justification-missing, release-activity-record-missing, tailoring-approval-missing,
 * control-safety-impact-missing, phase-missing): one finding per gap, not two.
 */
const JUDGED_ELSEWHERE: Partial<Record<CollectionName, readonly string[]>> = {
  entries: ['justification', 'approved_by'],
  activities: ['record'],
  approvers: ['security_expertise'],
  controls: ['safety_impact'],
  requirements: ['text'],
};

/**
 * Only free text is judged here: a placeholder in an id, enumeration, date, layer or reference
 * list is a value of the wrong form, which invalid-value and unknown-reference report. Keys the
 * kind does not know are free text.
 */
function isFreeText(spec: FieldSpec | undefined): boolean {
  return !spec || spec.type === 'text' || spec.type === 'list';
}

export const placeholderText: DocumentRule = {
  name: 'placeholder-text',
  clause: null,
  defaultSeverity: 'warning',
  scope: 'document',
  description: 'A value is only a placeholder (TODO, TBD, n/a, "…"), which says nothing to an auditor and counts as no evidence (an error for a `record`, so the gate fails on it).',
  check({ model }) {
    // An evidence file's values are its tool's, and no edit of ours goes into it.
    if (!model || model.parsed.evidence) return [];
    const findings: RuleFinding[] = [];
    const documentFields = KIND_SHAPES[model.kind].fields;
    for (const [key, field] of Object.entries(model.fields)) {
      if (key === 'kind' || !isFreeText(specOf(documentFields, key) ?? specOf(COMMON_FIELDS, key))) continue;
      const placeholder = placeholderIn(field);
      if (placeholder) findings.push(finding(model, placeholder, `\`${key}\``));
    }
    for (const item of model.items) {
      const judged = JUDGED_ELSEWHERE[item.collection] ?? [];
      for (const [key, field] of Object.entries(item.fields)) {
        if (judged.includes(key) || field.fromHeading || !isFreeText(specOf(ITEM_FIELDS[item.collection], key))) continue;
        const placeholder = placeholderIn(field);
        if (!placeholder) continue;
        const found = finding(model, placeholder, `\`${key}\` of ${describe(item)}`);
        // A placeholder record stands where evidence must be: the release gate must not pass on it.
        findings.push(key === 'record' ? { ...found, severity: 'error' } : found);
      }
    }
    return findings;
  },
};

/** The placeholder scalar of a field, if its value is one non-empty placeholder (empty values are the missing-field rules' business). */
function placeholderIn(field: FieldValue): FieldValue['scalar'] | undefined {
  const scalar = field.scalar;
  // isPlaceholder first: it is answered without reading a value the model reads from the text when asked.
  if (!scalar?.isPlaceholder || !scalar.text.trim()) return undefined;
  return scalar;
}

function describe(item: ModelItem): string {
  return itemName(item, COLLECTION_NOUNS[item.collection] ?? 'Item').replace(/^The /, 'the ');
}

const COLLECTION_NOUNS: Partial<Record<CollectionName, string>> = {
  requirements: 'Requirement',
  threats: 'Threat',
  zones: 'Zone',
  boundaries: 'Boundary',
  controls: 'Control',
  approvers: 'Approver',
  entries: 'Entry',
  findings: 'Finding',
  activities: 'Activity',
  phases: 'Phase',
  'plan-activities': 'Activity',
  gaps: 'Gap',
  communications: 'Communication',
};

function finding(model: ModelDocument, scalar: NonNullable<FieldValue['scalar']>, where: string): RuleFinding {
  return {
    uri: model.uri,
    range: scalar.range,
    message: `${where} is only a placeholder ("${scalar.text.trim()}"). Write the real value: a placeholder counts as no evidence and no decision.`,
  };
}
