// 5.8.5: a release is not authorized while a security-related finding is still open. Only two
// things close a finding: `status: resolved`, or a risk acceptance an auditor can follow (why, who
// with recorded security expertise accepted it, and when). Anything else is open: no status, a
// placeholder status, a status outside the vocabulary, or an acceptance that lacks one of the
// three. A release without a decision reads as pending. Whether a finding is resolved or its risk
// accepted is a person's decision, so no fix changes the status.
import { fieldText, type ModelDocument, type ModelItem } from '../model';
import { isPlaceholderText } from '../placeholder';
import { RELEASE_DECISIONS } from '../schema';
import { isQualifiedApprover, sameName } from '../tailoringEntry';
import { isoDate } from './helpers';
import { workspaceRule, type RuleFinding } from './rule';

const NAME = 'release-open-finding';

/** The release decision as the gate reads it: a missing or unknown decision is pending. */
export function releaseDecision(record: ModelDocument): { decision: 'authorized' | 'blocked' | 'pending'; stated: boolean } {
  const written = fieldText(record, 'decision').trim().toLowerCase();
  const stated = RELEASE_DECISIONS.includes(written);
  return { decision: stated ? (written as 'authorized' | 'blocked' | 'pending') : 'pending', stated };
}

/** What a risk acceptance lacks (empty when complete), judged against the project's listed approvers. */
export function riskAcceptanceGaps(finding: ModelItem, approvers: readonly ModelItem[]): string[] {
  const text = (key: string) => (finding.fields[key]?.scalar?.text ?? '').trim();
  const gaps: string[] = [];
  if (isPlaceholderText(text('rationale'))) gaps.push('without a rationale (`rationale`)');
  const by = text('accepted_by');
  if (isPlaceholderText(by)) gaps.push('without who accepted it (`accepted_by`)');
  else if (!approvers.some((approver) => sameName(fieldText(approver, 'name'), by) && isQualifiedApprover(approver))) {
    gaps.push(`accepted by ${by}, who is not an approver listed with recorded security expertise`);
  }
  if (!isoDate(text('accepted_on'))) gaps.push('without when (`accepted_on`)');
  return gaps;
}

export const releaseOpenFinding = workspaceRule({
  name: NAME,
  clause: '5.8.5',
  defaultSeverity: 'error',
  scope: 'workspace',
  // Approvers are listed in tailoring records: who may accept a residual risk is who may approve tailoring.
  reads: { kinds: ['release-record'], collections: ['approvers'] },
  description:
    'A release is authorized (or pending) while a security finding is open: not resolved, and not risk-accepted with a rationale, a listed approver and a date (a finding without a status is open; a warning while the release is pending).',
  check({ workspace }) {
    const approvers = workspace.items('approvers');
    const findings: RuleFinding[] = [];
    for (const record of workspace.documentsOfKind('release-record')) {
      const { decision, stated } = releaseDecision(record);
      if (decision === 'blocked') continue;
      const release = fieldText(record, 'release').trim();
      const state = `${release ? `release ${release}` : 'the release'} is ${decision}${stated ? '' : ' (no decision recorded)'}`;
      const decisionValue = record.fields.decision?.scalar;
      const related = decisionValue?.text.trim()
        ? [{ uri: record.uri, range: decisionValue.range, message: `The release decision: ${decisionValue.text.trim()}.` }]
        : undefined;
      for (const item of record.collections.findings?.items ?? []) {
        const open = openness(item, approvers);
        if (!open) continue;
        findings.push({
          uri: record.uri,
          range: open.range,
          message:
            `${open.what}${open.plainlyOpen ? '' : ', so it counts as open'} while ${state}. Resolve it (\`status: resolved\`), record a risk acceptance ` +
            `(\`status: risk-accepted\` with \`rationale\`, \`accepted_by\` a listed approver with security expertise, and \`accepted_on\`), ` +
            `or block the release (\`decision: blocked\`) (§5.8.5).`,
          related,
          severity: decision === 'pending' ? 'warning' : undefined,
        });
      }
    }
    return findings;
  },
});

/** Why a finding is open and where to point, or undefined when it is closed. */
function openness(item: ModelItem, approvers: readonly ModelItem[]): { what: string; range: ModelItem['anchor']; plainlyOpen?: boolean } | undefined {
  const name = item.id ? `Finding ${item.id.text}` : 'A finding';
  const field = item.fields.status;
  if (field && !field.scalar) return undefined; // a list or mapping: invalid-value reports the shape
  const status = field?.scalar;
  const written = status?.text.trim() ?? '';
  const anchor = item.id && item.form === 'yaml' ? item.id.range : item.anchor;
  if (isPlaceholderText(written)) return { what: `${name} has no \`status\``, range: anchor };
  const value = written.toLowerCase();
  if (value === 'resolved') return undefined;
  if (value === 'open') return { what: `${name} is open`, range: status!.range, plainlyOpen: true };
  if (value === 'risk-accepted') {
    const gaps = riskAcceptanceGaps(item, approvers);
    if (!gaps.length) return undefined;
    return { what: `${name} is risk-accepted ${joinGaps(gaps)}`, range: status!.range };
  }
  return { what: `${name} has status "${written}", which does not close it`, range: status!.range };
}

/** "a", "a and b", "a, b and c". */
function joinGaps(gaps: string[]): string {
  return gaps.length > 1 ? `${gaps.slice(0, -1).join(', ')} and ${gaps[gaps.length - 1]}` : gaps[0];
}
