import type { ModelItem } from '../model';
import { INDEPENDENCE_LEVELS, TEST_TYPES } from '../schema';
import { isFilled } from '../criteria';
import { workspaceRule, type RuleFinding } from './rule';

// 5.7.5 sets how independent a tester must be per type of test. A test that does not say who tested
// and how independent they are, or whose type has no minimum, or whose tester is less independent
// than its type's minimum, shows no managed conflict of interest.
export const testIndependenceMissing = workspaceRule({
  name: 'test-independence-missing',
  clause: '5.7.5',
  defaultSeverity: 'error',
  scope: 'workspace',
  reads: { collections: ['tests', 'test_independence'] },
  description:
    'A security test does not name its tester or the tester\'s independence, its type has no minimum independence (test_independence), or its tester is less independent than that minimum.',
  check({ workspace }) {
    const minimum = new Map<string, ModelItem>();
    for (const entry of workspace.items('test_independence')) {
      const type = text(entry, 'type');
      if (type && INDEPENDENCE_LEVELS.includes(text(entry, 'minimum')) && !minimum.has(type)) minimum.set(type, entry);
    }
    const findings: RuleFinding[] = [];
    for (const test of workspace.items('tests')) {
      const name = test.id?.text ? `Test ${test.id.text}` : 'This test';
      const type = text(test, 'type');
      if (!TEST_TYPES.includes(type)) {
        // An unknown type is invalid-value's; no type at all is ours: independence is set per type.
        if (!type) findings.push({ uri: test.uri, range: test.anchor, message: `${name} names no \`type\`, so its tester's independence cannot be judged: 5.7.5 sets independence per type of test (${TEST_TYPES.join(', ')}).` });
        continue;
      }
      const lacking = ['tester', 'independence'].filter((key) => !isFilled(test, key));
      if (lacking.length) {
        findings.push({
          uri: test.uri,
          range: test.anchor,
          message: `${name} (${type}) does not record ${lacking.map((key) => `its \`${key}\``).join(' or ')}: 5.7.5 asks who tested and how independent they are from the developers.`,
        });
        continue;
      }
      const rule = minimum.get(type);
      if (!rule) {
        findings.push({
          uri: test.uri,
          range: test.fields.type!.scalar!.range,
          message: `No minimum tester independence is set for ${type} tests: add a \`test_independence\` entry for \`type: ${type}\` (5.7.5 sets independence by type of test).`,
        });
        continue;
      }
      const level = text(test, 'independence');
      const required = text(rule, 'minimum');
      if (INDEPENDENCE_LEVELS.includes(level) && INDEPENDENCE_LEVELS.indexOf(level) < INDEPENDENCE_LEVELS.indexOf(required)) {
        findings.push({
          uri: test.uri,
          range: test.fields.independence!.scalar!.range,
          message: `${name} (${type}) was done with independence \`${level}\`, below the \`${required}\` set for ${type} tests: have it done (or repeated) by a tester who is ${required}.`,
          related: [{ uri: rule.uri, range: rule.fields.minimum!.scalar!.range, message: `the minimum for ${type} tests` }],
        });
      }
    }
    return findings;
  },
});

function text(item: ModelItem, key: string): string {
  return (item.fields[key]?.scalar?.text ?? '').trim().toLowerCase();
}
