// 5.8.5: a release is not authorized while a security-related finding is still open. Whether the
// finding is resolved or its risk accepted is a person's decision, so no fix changes the status.
import { fieldText } from '../model';
import type { DocumentRule, RuleFinding } from './rule';

const NAME = 'release-open-finding';

export const releaseOpenFinding: DocumentRule = {
  name: NAME,
  clause: '5.8.5',
  defaultSeverity: 'error',
  scope: 'document',
  description: 'A release is authorized (or pending) while a security finding is still open, neither resolved nor risk-accepted (a warning while the release is pending).',
  check({ model }) {
    if (!model || model.kind !== 'release-record') return [];
    const decisionValue = model.fields.decision?.scalar;
    const decision = decisionValue?.text.trim().toLowerCase() ?? '';
    if (decision !== 'authorized' && decision !== 'pending') return [];
    const release = fieldText(model, 'release').trim();
    const releaseName = release ? `release ${release}` : 'the release';
    const findings: RuleFinding[] = [];
    for (const item of model.collections.findings?.items ?? []) {
      const status = item.fields.status?.scalar;
      if (!status || status.text.trim().toLowerCase() !== 'open') continue;
      const name = item.id ? `Finding ${item.id.text}` : 'A finding';
      findings.push({
        uri: model.uri,
        range: status.range,
        message:
          `${name} is open while ${releaseName} is ${decision}. Resolve it (\`status: resolved\`), ` +
          `record a risk acceptance (\`status: risk-accepted\`, with the rationale), or block the release (\`decision: blocked\`) (§5.8.5).`,
        related: [{ uri: model.uri, range: decisionValue!.range, message: `The release decision: ${decision}.` }],
        severity: decision === 'pending' ? 'warning' : undefined,
      });
    }
    return findings;
  },
};
