// 5.8.6: an activity counts as complete when its record shows it. "done" with no record is a claim
// without evidence; only a person can name the record, so the only fix is a suppression.
import { fieldText } from '../model';
import { isBlank } from './helpers';
import type { DocumentRule, RuleFinding } from './rule';
import { isPlaceholderText } from './tailoringJustificationMissing';

const NAME = 'release-activity-record-missing';

export const releaseActivityRecordMissing: DocumentRule = {
  name: NAME,
  clause: '5.8.6',
  defaultSeverity: 'error',
  scope: 'document',
  description: 'A release activity is marked done but names no record that shows it was done.',
  check({ model }) {
    if (!model || model.kind !== 'release-record') return [];
    const findings: RuleFinding[] = [];
    for (const item of model.collections.activities?.items ?? []) {
      const status = item.fields.status?.scalar;
      if (!status || status.text.trim().toLowerCase() !== 'done') continue;
      // A list of records (a wrong shape invalid-value reports) still names a record.
      if (!isBlank(item, 'record') && (!item.fields.record.scalar || !isPlaceholderText(fieldText(item, 'record')))) continue;
      const clause = fieldText(item, 'clause').trim();
      const name = item.id ? `Activity ${item.id.text}${clause ? ` (${clause})` : ''}` : clause ? `The activity for ${clause}` : 'An activity';
      findings.push({
        uri: model.uri,
        range: status.range,
        message:
          `${name} is marked done but names no record. Add \`record:\` with the report, log or file that shows ` +
          `it was done (e.g. reports/vuln-scan-2.3.0.pdf), or set \`status: not-done\` (§5.8.6).`,
      });
    }
    return findings;
  },
};
