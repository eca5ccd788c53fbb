// A component's support data: what its SBOM states, else what the support sidecar states for its
// purl. A level or a date that is empty or only a placeholder ("TBD") is no support data.
import { isFilled } from '../criteria';
import type { ModelItem } from '../model';
import { isPlaceholderText } from '../placeholder';
import { purlKey } from './purl';

export interface ComponentSupport {
  level?: { text: string; from: ModelItem };
  endOfSupport?: { text: string; from: ModelItem };
}

/** The sidecar entries by canonical purl (the first entry of a purl wins, as in reading order). */
export function supportEntriesByPurl(entries: readonly ModelItem[]): Map<string, ModelItem> {
  const byPurl = new Map<string, ModelItem>();
  for (const entry of entries) {
    const purl = entry.fields.purl?.scalar?.text ?? '';
    const key = purlKey(purl) ?? purl;
    if (key && !byPurl.has(key)) byPurl.set(key, entry);
  }
  return byPurl;
}

export function supportOf(component: ModelItem, entries: Map<string, ModelItem>): ComponentSupport {
  const support: ComponentSupport = {};
  const take = (item: ModelItem) => {
    if (!support.level && isFilled(item, 'support_level')) support.level = { text: item.fields.support_level.scalar!.text, from: item };
    if (!support.endOfSupport && isFilled(item, 'end_of_support')) support.endOfSupport = { text: item.fields.end_of_support.scalar!.text, from: item };
  };
  take(component);
  const purl = component.fields.purl?.scalar?.text;
  const entry = purl ? entries.get(purlKey(purl) ?? purl) : undefined;
  if (entry) take(entry);
  return support;
}

/** A YYYY-MM-DD date (a date-time is cut to its day); undefined for anything else. */
export function supportDate(text: string): string | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})(?:$|T)/.exec(text.trim());
  return match && !isPlaceholderText(text) ? match[1] : undefined;
}

/** How a component is named in messages: name@version, else its id. */
export function componentLabel(component: ModelItem): string {
  const name = component.fields.name?.scalar?.text;
  const version = component.fields.version?.scalar?.text;
  return name ? `${name}${version ? `@${version}` : ''}` : component.id?.text ?? 'component';
}
