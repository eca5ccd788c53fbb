// 8: configuration management lets each release be reproduced: a release has a baseline naming its
// configuration items. Once the project keeps baselines (a configuration-management document), a
// release record whose release has none is a gap; a project with no such document is clause 8's
// coverage gap (clause-uncovered), not a finding on every release record.
import { isFilled } from '../criteria';
import { workspaceRule, type RuleFinding } from './rule';

export const releaseBaselineMissing = workspaceRule({
  name: 'release-baseline-missing',
  clause: '8',
  defaultSeverity: 'error',
  scope: 'workspace',
  reads: { kinds: ['release-record', 'configuration-management'] },
  description: 'A release record names a release that no baseline of the project\'s configuration management names (with its configuration items), so the release cannot be shown to be reproducible.',
  check({ workspace }) {
    const managements = workspace.documentsOfKind('configuration-management');
    if (!managements.length) return [];
    const baselined = new Set<string>();
    for (const management of managements) {
      for (const baseline of management.collections.baselines?.items ?? []) {
        if (isFilled(baseline, 'release') && isFilled(baseline, 'items')) baselined.add(normalise(baseline.fields.release!.scalar!.text));
      }
    }
    const findings: RuleFinding[] = [];
    for (const record of workspace.documentsOfKind('release-record')) {
      const release = record.fields.release?.scalar;
      if (!release?.text.trim() || baselined.has(normalise(release.text))) continue;
      findings.push({
        uri: record.uri,
        range: release.range,
        message: `Release ${release.text.trim()} has no baseline: add one under \`baselines\` of the configuration management (release, date, the configuration items it is made of) so the release can be reproduced (clause 8).`,
        related: [{ uri: managements[0].uri, range: managements[0].collections.baselines?.keyRange ?? managements[0].kindRange, message: 'the baselines of the project' }],
      });
    }
    return findings;
  },
});

/** "v2.3.0" and "2.3.0" are the same release. */
function normalise(release: string): string {
  return release.trim().replace(/^v(?=\d)/i, '').toLowerCase();
}
