// CycloneDX SBOMs in XML (spec 1.4–1.6), parsed with fast-xml-parser. No JavaScript library checks
// XML against an XSD without a native build, so the file is checked for being well-formed XML, for
// the CycloneDX namespace of a version we read, and for what the schema requires of each component
// (a `type` from its list and a `name`); see docs/design.md. fast-xml-parser gives no offsets: a
// component is located by its purl (or name) in the text, searching forward in document order.
import type * as FastXml from 'fast-xml-parser';
import { componentId, supportProperties } from './components';
import { CYCLONEDX_VERSIONS } from './cyclonedx';
import type { EvidenceContent, EvidenceInput, EvidenceItemData, EvidenceReader } from './types';

const NAMESPACE = /xmlns(?::\w+)?\s*=\s*["']http:\/\/cyclonedx\.org\/schema\/bom\/(\d+\.\d+)["']/;
const COMPONENT_TYPES = ['application', 'framework', 'library', 'container', 'platform', 'operating-system', 'device', 'device-driver', 'firmware', 'file', 'machine-learning-model', 'data', 'cryptographic-asset'];

type XmlNode = Record<string, unknown>;

export const cycloneDxXmlReader: EvidenceReader = {
  id: 'cyclonedx-xml',
  kind: 'sbom',
  sniff: ({ name }, head) => /\.xml$/i.test(name) && NAMESPACE.test(head),
  read(input) {
    return readCycloneDxXml(input);
  },
};

/** fast-xml-parser, loaded with the first XML file read (the bundles keep it in dist/vendor/; esbuild.mjs). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
let fastXmlModule: typeof FastXml | undefined;
const fastXml = (): typeof FastXml => (fastXmlModule ??= require('fast-xml-parser'));

function readCycloneDxXml({ name, text }: EvidenceInput): EvidenceContent {
  const content: EvidenceContent = { kind: 'sbom', format: 'CycloneDX XML', items: [], problems: [] };
  const { XMLParser, XMLValidator } = fastXml();
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    const { line, col, msg } = valid.err;
    content.problems.push({ message: `${name} is not well-formed XML: ${msg}`, at: offsetsOf(text, line, col) });
    return content;
  }
  const version = NAMESPACE.exec(text.slice(0, 4096))?.[1] ?? '';
  if (!(CYCLONEDX_VERSIONS as readonly string[]).includes(version)) {
    content.problems.push({ message: `CycloneDX XML version ${version || '(none)'} is not one Clause Guide reads (${CYCLONEDX_VERSIONS.join(', ')}).` });
    return content;
  }
  content.format = `CycloneDX ${version} XML`;
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    removeNSPrefix: true,
    parseTagValue: false,
    isArray: (tag) => tag === 'component' || tag === 'property',
  });
  const document = parser.parse(text) as XmlNode;
  const bom = document.bom as XmlNode | undefined;
  if (!bom || typeof bom !== 'object') {
    content.problems.push({ message: `${name} has no <bom> root element.` });
    return content;
  }
  let cursor = 0;
  const walk = (list: unknown) => {
    const components = ((list as XmlNode | undefined)?.component ?? []) as XmlNode[];
    for (const node of components) {
      if (!node || typeof node !== 'object') continue;
      const item = componentItem(node, text, cursor);
      if (typeof item === 'string') {
        content.problems.push({ message: item, at: { start: cursor, end: cursor } });
        continue;
      }
      cursor = item.idAt && 'end' in item.idAt ? item.idAt.end : cursor;
      content.items.push(item);
      walk(node.components);
    }
  };
  walk(bom.components);
  return content;
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (value && typeof value === 'object' && '#text' in value) return String((value as XmlNode)['#text']).trim();
  return '';
}

function componentItem(node: XmlNode, text: string, from: number): EvidenceItemData | string {
  const type = textOf(node['@type']);
  const name = textOf(node.name);
  if (!COMPONENT_TYPES.includes(type)) return `A component has type ${JSON.stringify(type)}, which is not a CycloneDX component type.`;
  if (!name) return 'A component lacks the required element <name>.';
  const fields: Record<string, string> = {};
  fields.name = [textOf(node.group), name].filter(Boolean).join('/');
  const version = textOf(node.version);
  if (version) fields.version = version;
  const purl = textOf(node.purl);
  if (purl) fields.purl = purl;
  const bomRef = textOf(node['@bom-ref']);
  if (bomRef) fields.bom_ref = bomRef;
  fields.type = type;
  const supplier = textOf((node.supplier as XmlNode | undefined)?.name) || textOf((node.manufacturer as XmlNode | undefined)?.name) || textOf(node.publisher);
  if (supplier) fields.supplier = supplier;
  const properties = (((node.properties as XmlNode | undefined)?.property ?? []) as XmlNode[]).map((property) => ({ name: textOf(property['@name']), value: textOf(property) }));
  Object.assign(fields, supportProperties(properties));
  // Where it is: its purl (else its name) after the previous component's, in document order.
  const needle = purl ? `>${escapeXml(purl)}</` : `>${escapeXml(name)}</`;
  const found = text.indexOf(needle, from);
  const start = found < 0 ? from : found + 1;
  const end = found < 0 ? from : start + needle.length - 3;
  const opening = found < 0 ? from : Math.max(0, text.lastIndexOf('<', text.lastIndexOf('component', start)));
  return { collection: 'components', id: componentId(fields), at: { start: opening, end }, idAt: { start, end }, fields };
}

function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function offsetsOf(text: string, line: number, column: number): { start: number; end: number } {
  let offset = 0;
  for (let i = 1; i < line && offset >= 0; i++) offset = text.indexOf('\n', offset) + 1;
  const at = Math.max(0, Math.min(text.length, offset + Math.max(0, column - 1)));
  return { start: at, end: Math.min(text.length, at + 1) };
}
