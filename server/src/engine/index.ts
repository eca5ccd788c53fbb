// The engine's public surface: pure functions over text handed in by a host.
export * from './types';
export * from './catalog';
export * from './document';
export * from './clauseReferences';
export * from './check';
export * from './cache';
export * from './hover';
export * from './completion';
export * from './nearest';
export * from './officialText';
export * from './search';
export { RULES, ruleByName } from './rules';
export type { Rule, RuleContext } from './rules/rule';
