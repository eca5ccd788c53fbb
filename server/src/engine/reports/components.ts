// The components of a project's SBOMs by support status, for the editor's Components view: those
// whose end of support has passed, those without a support level or end-of-support date (from the
// SBOM or its sidecar), and those supported. Judged as component-end-of-support-passed and
// component-support-missing judge them, so the view and the findings agree.
import type { ModelItem } from '../model';
import type { Range } from '../types';
import { componentLabel, supportDate, supportEntriesByPurl, supportOf } from '../evidence/support';
import type { WorkspaceIndex } from '../workspace';

export const SUPPORT_STATUSES = ['end-of-support-passed', 'support-missing', 'supported'] as const;
export type SupportStatus = (typeof SUPPORT_STATUSES)[number];

export interface ComponentEntry {
  /** name@version, else the id. */
  label: string;
  purl?: string;
  supplier?: string;
  level?: string;
  endOfSupport?: string;
  /** The file that states the support data (the SBOM or its sidecar), when one does. */
  statedIn?: string;
  status: SupportStatus;
  uri: string;
  range: Range;
}

/** Every component of the project's SBOMs, most urgent status first, then by label. `today`: YYYY-MM-DD, or none to judge no date passed. */
export function componentsBySupport(index: Pick<WorkspaceIndex, 'items'>, today?: string): ComponentEntry[] {
  const entries = supportEntriesByPurl(index.items('component-support'));
  const list = index.items('components').map((component: ModelItem): ComponentEntry => {
    const support = supportOf(component, entries);
    const end = support.endOfSupport && supportDate(support.endOfSupport.text);
    const status: SupportStatus = end && today && end < today ? 'end-of-support-passed' : !support.level || !support.endOfSupport ? 'support-missing' : 'supported';
    const text = (key: string) => component.fields[key]?.scalar?.text || undefined;
    const from = support.level?.from ?? support.endOfSupport?.from;
    return {
      label: componentLabel(component),
      purl: text('purl'),
      supplier: text('supplier'),
      level: support.level?.text,
      endOfSupport: support.endOfSupport?.text,
      statedIn: from?.uri,
      status,
      uri: component.uri,
      range: component.anchor,
    };
  });
  return list.sort((a, b) => SUPPORT_STATUSES.indexOf(a.status) - SUPPORT_STATUSES.indexOf(b.status) || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}
