import { componentLabel, supportDate, supportEntriesByPurl, supportOf } from '../evidence/support';
import { workspaceRule, type RuleFinding } from './rule';

// A component whose end of support lies in the past is shipped without fixes from its supplier.
export const componentEndOfSupportPassed = workspaceRule({
  name: 'component-end-of-support-passed',
  clause: '4.1.5',
  defaultSeverity: 'warning',
  scope: 'workspace',
  reads: { collections: ['components', 'component-support'], today: true },
  description: 'An SBOM component\'s end-of-support date has passed (it lies before today), so its supplier no longer fixes it.',
  check({ workspace, evidence }) {
    const today = evidence.today;
    if (!today) return [];
    const entries = supportEntriesByPurl(workspace.items('component-support'));
    const findings: RuleFinding[] = [];
    for (const component of workspace.items('components')) {
      const end = supportOf(component, entries).endOfSupport;
      const date = end && supportDate(end.text);
      if (!end || !date || date >= today) continue;
      findings.push({
        uri: component.uri,
        range: component.anchor,
        message: `Component ${componentLabel(component)} reached its end of support on ${date}: its supplier no longer fixes it. Replace it, or record why it stays and how it is maintained.`,
        related: end.from === component ? undefined : [{ uri: end.from.uri, range: end.from.anchor, message: 'the end-of-support date is stated here' }],
      });
    }
    return findings;
  },
});
