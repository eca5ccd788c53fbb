// The rule registry: one line per rule.
import type { Rule } from './rule';
import { syntaxError } from './syntaxError';
import { unknownClause } from './unknownClause';

export const RULES: readonly Rule[] = [syntaxError, unknownClause];

export function ruleByName(name: string): Rule | undefined {
  return RULES.find((rule) => rule.name === name);
}
