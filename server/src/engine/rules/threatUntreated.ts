// 7.4 (and 5.2.1 the other way round): a threat rated at or above the configured risk
// (`threatUntreatedRisk`, default high) must be answered somewhere: a security requirement that
// names it, or a control that mitigates it. requirement-untraced asks every requirement for its
// threat; this asks every serious threat for its treatment. Unrated threats are 7.3's gap, not this.
// No fix: what answers a threat is for a person to write (a stub would close the gap with nothing).
import { countsWithChanges, itemsWhere } from '../cache';
import { fieldText, type ModelItem } from '../model';
import { RISK_LEVELS } from '../schema';
import { workspaceRule, type RuleFinding } from './rule';
import { settledInModel } from './threatUnmitigated';

export const threatUntreated = workspaceRule({
  name: 'threat-untreated',
  clause: '7.4',
  defaultSeverity: 'error',
  scope: 'workspace',
  reads: { collections: ['threats', 'controls', 'requirements'] },
  description:
    'A threat rated at or above the configured risk (`threatUntreatedRisk`, default high) has no security requirement that names it and no control that mitigates it.',
  check({ workspace, config }) {
    const threshold = RISK_LEVELS.indexOf(config.threatUntreatedRisk);
    if (threshold < 0) return [];
    // A keystroke in a requirement set of a product line (24,000 requirements, 3,600 threats) is
    // judged from the last look: the threats at or above the threshold are kept (itemsWhere), the
    // ids requirements and controls name are counted over the edited window only, and only the
    // threats whose id came into or went out of those counts are judged again.
    const serious = itemsWhere(workspace, workspace.items('threats'), ratedAtLeast(threshold), String(threshold));
    const mitigated = countsWithChanges(workspace, workspace.items('controls'), mitigatedIds);
    const traced = countsWithChanges(workspace, workspace.items('requirements'), tracedIds);
    const judge = (threat: ModelItem): RuleFinding | undefined => {
      const id = threat.id!.text;
      if (mitigated.counts.has(id) || traced.counts.has(id)) return undefined;
      if (threat.form === 'evidence' && settledInModel(threat)) return undefined;
      const risk = riskOf(threat);
      const title = fieldText(threat, 'title').trim();
      const message =
        `Threat ${id}${title ? ` (${title})` : ''} is rated ${risk}, yet no security requirement names it and no control mitigates it. ` +
        `Write the requirement that answers it (\`threats: [${id}]\`) and name ${id} in the \`mitigates\` of the control that counters it; ` +
        `if its rating is wrong, correct it with the reason (§7.4, §5.2.1).`;
      // The same finding for the same threat saying the same: the analyzer then keeps what it completed from it.
      let finding = lastFinding.get(threat);
      if (finding?.message !== message) lastFinding.set(threat, (finding = { uri: threat.uri, range: threat.id!.range, message }));
      return finding;
    };
    const last = lastRuns.get(workspace);
    if (last && last.serious === serious && mitigated.changed && traced.changed) {
      let verdicts = last.verdicts;
      for (const changed of [mitigated.changed, traced.changed]) {
        for (const id of changed) {
          for (const at of last.positions.get(id) ?? []) {
            const verdict = judge(serious[at]);
            if (verdict === verdicts[at]) continue;
            if (verdicts === last.verdicts) verdicts = verdicts.slice();
            verdicts[at] = verdict;
          }
        }
      }
      if (verdicts === last.verdicts) return last.findings;
      const findings = verdicts.filter((verdict): verdict is RuleFinding => verdict !== undefined);
      lastRuns.set(workspace, { ...last, verdicts, findings });
      return findings;
    }
    const verdicts = serious.map(judge);
    const positions = new Map<string, number[]>();
    serious.forEach((threat, at) => {
      const list = positions.get(threat.id!.text);
      if (list) list.push(at);
      else positions.set(threat.id!.text, [at]);
    });
    const findings = verdicts.filter((verdict): verdict is RuleFinding => verdict !== undefined);
    lastRuns.set(workspace, { serious, verdicts, positions, findings });
    return findings;
  },
});

const mitigatedIds = (control: ModelItem) => (control.fields.mitigates?.list ?? []).map((value) => value.text);
const tracedIds = (requirement: ModelItem) => (requirement.fields.threats?.list ?? []).map((value) => value.text);

const riskOf = (threat: ModelItem) => fieldText(threat, 'risk').trim().toLowerCase();

/** The test for threats with an id rated at or above a threshold: one function per threshold, as itemsWhere asks. */
const ratedAtLeast = (threshold: number) => (ratedTests[threshold] ??= (threat: ModelItem) => !!threat.id && RISK_LEVELS.indexOf(riskOf(threat)) >= threshold);
const ratedTests: ((threat: ModelItem) => boolean)[] = [];

/** Per threat item (a model's items are made anew with it): its last finding. */
const lastFinding = new WeakMap<ModelItem, RuleFinding>();

/**
 * Per view (one index): the last verdicts, one per threat at or above the threshold (in the same
 * order), where each id's threats are in that list, and the findings they make.
 */
const lastRuns = new WeakMap<object, { serious: readonly ModelItem[]; verdicts: (RuleFinding | undefined)[]; positions: Map<string, number[]>; findings: RuleFinding[] }>();
