// What hover says about a component, wherever its purl is written: in the SBOM (its id), in the
// support sidecar, a scanner report, a VEX statement, or a purl a person wrote in a security
// document. Name, version, supplier, its level of support and end-of-support date with the file
// that states them (the SBOM or the sidecar), and every vulnerability reported in it with what was
// decided. A purl no SBOM lists says so, with the vulnerabilities reported for it anyway.
import { fieldText, type ModelItem } from '../model';
import { codeSpan, plainText } from '../markdown';
import type { Range } from '../types';
import type { WorkspaceIndex } from '../workspace';
import { purlKey } from './purl';
import { supportEntriesByPurl, supportOf } from './support';
import { componentVulnerabilityLines } from './vulnerabilityHover';

/** Names a place in the workspace as a Markdown link (`bom.json:12`). */
export type PlaceLink = (uri: string, line: number) => string;

/** Where a purl may end: whitespace and the quotes, brackets and separators documents put around it. */
const PURL = /pkg:[A-Za-z][A-Za-z0-9.+-]*\/[^\s"'`<>()[\]{},;|]+/g;

/** The purl written at a position of a line (`pkg:type/…`), and its columns; undefined when none is there. */
export function purlInLine(line: string, character: number): { text: string; start: number; end: number } | undefined {
  for (const match of line.matchAll(PURL)) {
    const start = match.index!;
    // A sentence may end right after it: a trailing dot or colon is not part of the purl.
    const text = match[0].replace(/[.:]+$/, '');
    if (character >= start && character <= start + text.length) return { text, start, end: start + text.length };
  }
  return undefined;
}

/** The components the SBOMs list under this purl (canonical purls compared). */
export function componentsOfPurl(workspace: WorkspaceIndex, purl: string): ModelItem[] {
  const key = purlKey(purl);
  if (!key) return [];
  return workspace.items('components').filter((component) => purlKey(fieldText(component, 'purl')) === key);
}

/** The Markdown paragraphs about one component: heading, supplier, support, vulnerabilities. */
export function componentHoverLines(workspace: WorkspaceIndex, component: ModelItem, link: PlaceLink): string[] {
  const name = fieldText(component, 'name') || component.id?.text || 'component';
  const version = fieldText(component, 'version');
  const supplier = fieldText(component, 'supplier');
  const purl = fieldText(component, 'purl');
  const support = supportOf(component, supportEntriesByPurl(workspace.items('component-support')));
  const lines = [`**${plainText(name)}**${version ? ` ${codeSpan(version)}` : ''} — supplier: ${supplier ? plainText(supplier) : '*none named*'}`];
  if (purl) lines.push(`purl: ${codeSpan(purl)}`);
  const stated = (fact: { text: string; from: ModelItem } | undefined) =>
    fact ? `${codeSpan(fact.text)} (${link(fact.from.uri, fact.from.anchor.start.line)})` : '⚠️ *not stated*';
  lines.push(`Level of support: ${stated(support.level)} · End of support: ${stated(support.endOfSupport)}`);
  lines.push(...(purl ? componentVulnerabilityLines(workspace, purl) : []));
  if (!lines.some((line) => line.startsWith('**Vulnerabilities**'))) lines.push('No vulnerability is reported in it by the scanner reports and BOMs of the workspace.');
  lines.push(`Component of ${link(component.uri, component.anchor.start.line)}`);
  return lines;
}

/** Hover for a purl written anywhere: each component it names, or what is known of a purl no SBOM lists. */
export function purlHover(workspace: WorkspaceIndex, purl: string, link: PlaceLink): string | null {
  if (!purlKey(purl)) return null;
  const components = componentsOfPurl(workspace, purl);
  if (components.length) return components.map((component) => componentHoverLines(workspace, component, link).join('\n\n')).join('\n\n---\n\n');
  const vulnerabilities = componentVulnerabilityLines(workspace, purl);
  return [`${codeSpan(purl)} is no component of an SBOM in the workspace.`, ...vulnerabilities].join('\n\n');
}

/** The range of a purl found by purlInLine on a line. */
export function purlRange(line: number, found: { start: number; end: number }): Range {
  return { start: { line, character: found.start }, end: { line, character: found.end } };
}
