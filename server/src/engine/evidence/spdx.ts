// SPDX 2.3 SBOMs (JSON). Each package becomes an item of `components` (not the packages the
// document describes: those are the product itself), with its purl from `externalRefs`
// (referenceType purl), its supplier (`supplier: "Organization: …"`; NOASSERTION is none) and, as
// its end-of-support date, `validUntilDate` (SPDX 2.3's "end of support or usage"). No official
// SPDX 2.3 JSON Schema ships on the npm registry (see docs/design.md): the fields read are checked
// here, each problem at its pointer.
import { pointerOf, parseEvidenceJson } from './jsonLocation';
import { componentId } from './components';
import type { EvidenceContent, EvidenceInput, EvidenceReader } from './types';

interface SpdxPackage {
  SPDXID?: unknown;
  name?: unknown;
  versionInfo?: unknown;
  supplier?: unknown;
  validUntilDate?: unknown;
  externalRefs?: { referenceCategory?: unknown; referenceType?: unknown; referenceLocator?: unknown }[];
}

export const spdxJsonReader: EvidenceReader = {
  id: 'spdx-json',
  kind: 'sbom',
  sniff: ({ name }, head) => /\.json$/i.test(name) && /"spdxVersion"\s*:/.test(head),
  read(input) {
    return readSpdxJson(input);
  },
};

function readSpdxJson({ name, text }: EvidenceInput): EvidenceContent {
  const content: EvidenceContent = { kind: 'sbom', format: 'SPDX JSON', items: [], problems: [] };
  const parsed = parseEvidenceJson(name, text);
  if ('problem' in parsed) {
    content.problems.push(parsed.problem);
    return content;
  }
  const document = parsed.value as { spdxVersion?: unknown; name?: unknown; packages?: unknown; documentDescribes?: unknown; relationships?: unknown; creationInfo?: { created?: unknown } };
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    content.problems.push({ message: `${name} is not an SPDX document (an object with spdxVersion).` });
    return content;
  }
  if (document.spdxVersion !== 'SPDX-2.3') {
    content.problems.push({ message: `spdxVersion ${JSON.stringify(document.spdxVersion ?? null)} is not one Clause Guide reads (SPDX-2.3).`, at: { pointer: '/spdxVersion' } });
    return content;
  }
  content.format = 'SPDX 2.3 JSON';
  const packages = document.packages ?? [];
  if (!Array.isArray(packages)) {
    content.problems.push({ message: '`/packages` must be a list of packages (SPDX 2.3).', at: { pointer: '/packages' } });
    return content;
  }
  const described = new Set<string>(Array.isArray(document.documentDescribes) ? document.documentDescribes.filter((id): id is string => typeof id === 'string') : []);
  if (Array.isArray(document.relationships)) {
    for (const relation of document.relationships as { spdxElementId?: unknown; relationshipType?: unknown; relatedSpdxElement?: unknown }[]) {
      if (relation?.spdxElementId === 'SPDXRef-DOCUMENT' && relation.relationshipType === 'DESCRIBES' && typeof relation.relatedSpdxElement === 'string') described.add(relation.relatedSpdxElement);
    }
  }
  if (typeof document.name === 'string') content.fields = { subject: document.name };
  if (typeof document.creationInfo?.created === 'string') content.fields = { ...content.fields, timestamp: document.creationInfo.created };
  packages.forEach((entry: SpdxPackage, i: number) => {
    const pointer = pointerOf(['packages', i]);
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      content.problems.push({ message: `\`${pointer}\` must be a package (an object).`, at: { pointer } });
      return;
    }
    for (const key of ['SPDXID', 'name'] as const) {
      if (typeof entry[key] !== 'string' || !(entry[key] as string).trim()) content.problems.push({ message: `\`${pointer}\` lacks the required property "${key}" (SPDX 2.3).`, at: { pointer } });
    }
    if (described.has(entry.SPDXID as string)) return;
    const fields: Record<string, string> = {};
    if (typeof entry.name === 'string') fields.name = entry.name;
    if (typeof entry.versionInfo === 'string') fields.version = entry.versionInfo;
    if (typeof entry.SPDXID === 'string') fields.bom_ref = entry.SPDXID;
    const supplier = typeof entry.supplier === 'string' ? entry.supplier.replace(/^(Organization|Person|Tool):\s*/i, '').trim() : '';
    if (supplier && supplier !== 'NOASSERTION') fields.supplier = supplier;
    if (typeof entry.validUntilDate === 'string') fields.end_of_support = entry.validUntilDate;
    const refIndex = Array.isArray(entry.externalRefs) ? entry.externalRefs.findIndex((ref) => ref?.referenceType === 'purl' && typeof ref.referenceLocator === 'string') : -1;
    if (refIndex >= 0) fields.purl = entry.externalRefs![refIndex].referenceLocator as string;
    content.items.push({
      collection: 'components',
      id: componentId(fields),
      at: { pointer },
      idAt: refIndex >= 0 ? { pointer: `${pointer}/externalRefs/${refIndex}/referenceLocator` } : undefined,
      fields,
    });
  });
  if (content.problems.length) content.items = [];
  return content;
}
