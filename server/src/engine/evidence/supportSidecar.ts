// The support sidecar: a YAML file a team keeps next to its SBOM (`bom.json` → `bom.support.yaml`)
// with the support data the SBOM lacks, keyed by purl, as the FDA asks for each component:
//
//   components:
//     "pkg:npm/lodash@4.17.21":
//       support_level: actively maintained
//       end_of_support: 2027-12-31
//
// `clause-guide sbom-support` creates and merges it. An entry without a level or date is pending:
// it records that the question is open, and is no support data.
import { isMap, isScalar, type Pair } from 'yaml';
import { parseYaml } from '../yamlParse';
import type { EvidenceContent, EvidenceItemData, EvidenceReader } from './types';

/** `<sbom name>.support.yaml` (or .yml). */
export const SUPPORT_SIDECAR = /\.support\.ya?ml$/;

export const supportSidecarReader: EvidenceReader = {
  id: 'support-sidecar',
  kind: 'component-support',
  sniff: ({ name }) => SUPPORT_SIDECAR.test(name.toLowerCase()),
  read({ name, text }) {
    const content: EvidenceContent = { kind: 'component-support', format: 'support sidecar (YAML)', items: [], problems: [] };
    const parsed = parseYaml(text, 'failsafe');
    const document = parsed.document;
    if (!document) {
      content.problems.push({ message: `${name} nests too deeply to be read`, at: { start: parsed.tooDeepAt, end: parsed.tooDeepAt + 1 } });
      return content;
    }
    const [error] = document.errors;
    if (error) {
      content.problems.push({ message: `${name} is not valid YAML: ${error.message.split('\n')[0]}`, at: { start: error.pos[0], end: error.pos[1] } });
      return content;
    }
    const root = document.contents;
    if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return content;
    const components: unknown = isMap(root) ? root.get('components', true) : undefined;
    if (!isMap(root) || (!isEmpty(components) && !isMap(components))) {
      content.problems.push({ message: `${name} must hold \`components:\`, a mapping from each component's purl to its support_level and end_of_support`, at: rangeOf(isMap(root) ? components ?? root : root) });
      return content;
    }
    if (!isMap(components)) return content;
    for (const pair of components.items as Pair[]) {
      const key = isScalar(pair.key) ? String(pair.key.value ?? '').trim() : '';
      if (!key) continue;
      const keyAt = rangeOf(pair.key);
      const fields: Record<string, string> = { purl: key };
      const value = pair.value;
      if (isMap(value)) {
        for (const field of ['support_level', 'end_of_support', 'note']) {
          const node = value.get(field, true);
          if (isScalar(node) && node.value !== null && String(node.value).trim()) fields[field] = String(node.value).trim();
        }
      }
      const end = Math.max(rangeOf(value).end, keyAt.end);
      const item: EvidenceItemData = { collection: 'component-support', at: { start: keyAt.start, end }, idAt: keyAt, fields };
      content.items.push(item);
    }
    return content;
  },
};

function isEmpty(node: unknown): boolean {
  return node === undefined || node === null || (isScalar(node) && (node.value === null || node.value === ''));
}

function rangeOf(node: unknown): { start: number; end: number } {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? { start: range[0], end: range[1] } : { start: 0, end: 0 };
}
