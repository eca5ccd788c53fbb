// 6.1.1: the maintenance plan commits to a time for delivering a security update, scaled to the
// vulnerability's severity. A severity without a target (or a target without its days) leaves that
// commitment open. How many days is a decision, so no fix writes one.
import { isFilled } from '../criteria';
import { RISK_LEVELS } from '../schema';
import type { DocumentRule, RuleFinding } from './rule';

export const updateTargetMissing: DocumentRule = {
  name: 'update-target-missing',
  clause: '6.1.1',
  defaultSeverity: 'error',
  scope: 'document',
  description: 'The maintenance plan sets no delivery time (days) for security updates of one of the severities low, medium, high and critical.',
  check({ model }) {
    if (!model || model.kind !== 'maintenance-plan') return [];
    const targets = model.collections.update_targets;
    /** Severities with an entry (with its days or not: an entry without days is reported at the entry). */
    const named = new Set<string>();
    const findings: RuleFinding[] = [];
    for (const target of targets?.items ?? []) {
      const severity = (target.fields.severity?.scalar?.text ?? '').trim().toLowerCase();
      if (!RISK_LEVELS.includes(severity)) continue; // none, or invalid-value's
      named.add(severity);
      if (!isFilled(target, 'days')) findings.push({ uri: target.uri, range: target.anchor, message: `The ${severity} update target states no \`days\`: how long may a fix for a ${severity} vulnerability take to reach users (6.1.1)?` });
    }
    const missing = RISK_LEVELS.filter((severity) => !named.has(severity));
    if (missing.length) {
      findings.push({
        uri: model.uri,
        range: targets?.keyRange ?? model.kindRange,
        message: `No security update delivery target for ${missing.join(', ')} severity: add an \`update_targets\` entry with the days for each (6.1.1 scales the time to deliver a security update to the vulnerability's severity).`,
      });
    }
    return findings;
  },
};
