// 5.8.6: an activity counts as complete when its record shows it. "done" with no record is a claim
// without evidence, and so is a record that is no record: a placeholder ("x", "TODO"), a path to
// nothing, a stub file (empty or placeholder text, which the host tells), a URL or a bare name. A
// record is a file of the repository or a controlled document by id, version and approval date
// (the same judgement coverage makes: criteria.ts isRealRecord). The host checks the disk; a host
// that checks none (a test, an untitled buffer) leaves only placeholders to report. Only a person
// can name the record, so the only fix is a suppression.
import { isRealRecord } from '../criteria';
import { fieldText, type ModelItem } from '../model';
import { isPlaceholderText } from '../placeholder';
import { isBlank } from './helpers';
import { workspaceRule, type RuleFinding } from './rule';

const NAME = 'release-activity-record-missing';

export const releaseActivityRecordMissing = workspaceRule({
  name: NAME,
  clause: '5.8.6',
  defaultSeverity: 'error',
  scope: 'workspace',
  reads: { kinds: ['release-record'], records: true },
  description:
    'A release activity is marked done but names no real record: none, a placeholder, or a path that is no file of the repository (or only a stub), instead of a file or a controlled document with version and approval date.',
  check({ workspace, evidence }) {
    const findings: RuleFinding[] = [];
    for (const model of workspace.documentsOfKind('release-record')) {
      for (const item of model.collections.activities?.items ?? []) {
        const status = item.fields.status?.scalar;
        if (!status || status.text.trim().toLowerCase() !== 'done') continue;
        // A list of records (a wrong shape invalid-value reports) still names a record.
        if (!isBlank(item, 'record') && !item.fields.record.scalar) continue;
        const record = fieldText(item, 'record').trim();
        if (isPlaceholderText(record)) {
          findings.push({
            uri: model.uri,
            range: status.range,
            message:
              `${activityName(item)} is marked done but names no record. Add \`record:\` with the report, log or file that shows ` +
              `it was done (e.g. reports/vuln-scan-2.3.0.pdf), or set \`status: not-done\` (§5.8.6).`,
          });
        } else if (evidence.recordExists && !isRealRecord(record, model.uri, evidence)) {
          findings.push({
            uri: model.uri,
            range: item.fields.record.scalar!.range,
            message:
              `${activityName(item)} names the record "${record}", which is neither a file of the repository (a stub or placeholder file is none) ` +
              `nor a document id with version and approval date. Commit the report and name its path, or name the controlled document ` +
              `(e.g. LAB-PT-2026-07 v2, approved 2026-10-20), or set \`status: not-done\` (§5.8.6).`,
          });
        }
      }
    }
    return findings;
  },
});

function activityName(item: ModelItem): string {
  const clause = fieldText(item, 'clause').trim();
  return item.id ? `Activity ${item.id.text}${clause ? ` (${clause})` : ''}` : clause ? `The activity for ${clause}` : 'An activity';
}
