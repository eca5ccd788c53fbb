// CycloneDX SBOMs (JSON, spec 1.4–1.6): validated against the official CycloneDX JSON Schema of the
// file's specVersion, then each component (nested ones too; not the product itself in
// `metadata.component`) becomes an item of `components` with its name, version, supplier and purl,
// and its support data when the SBOM states it (see supportProperties).
import { schemaProblem, validatorFor } from './schemas';
import { componentId, supportProperties } from './components';
import type { EvidenceContent, EvidenceInput, EvidenceItemData, EvidenceReader } from './types';
import { pointerOf, parseEvidenceJson } from './jsonLocation';
import { cycloneDxVulnerabilityItems } from './vulnerabilityFiles';

/** The spec versions read, with the schema each is validated against. */
export const CYCLONEDX_VERSIONS = ['1.4', '1.5', '1.6'] as const;
/** Schemas the bom schemas refer to (by their $id), added before compiling. */
export const CYCLONEDX_SCHEMA_REFS = ['spdx', 'jsf-0.82', 'cryptography-defs'];

interface CdxComponent {
  type?: string;
  name?: string;
  group?: string;
  version?: string;
  purl?: string;
  'bom-ref'?: string;
  supplier?: { name?: string };
  manufacturer?: { name?: string };
  publisher?: string;
  properties?: { name?: string; value?: string }[];
  components?: CdxComponent[];
}

export const cycloneDxJsonReader: EvidenceReader = {
  id: 'cyclonedx-json',
  kind: 'sbom',
  sniff: ({ name }, head) => /\.json$/i.test(name) && /"bomFormat"\s*:\s*"CycloneDX"/.test(head),
  read(input) {
    return readCycloneDxJson(input);
  },
};

function readCycloneDxJson({ name, text }: EvidenceInput): EvidenceContent {
  const content: EvidenceContent = { kind: 'sbom', format: 'CycloneDX JSON', items: [], problems: [] };
  const parsed = parseEvidenceJson(name, text);
  if ('problem' in parsed) {
    content.problems.push(parsed.problem);
    return content;
  }
  const bom = parsed.value as { specVersion?: unknown; components?: CdxComponent[]; metadata?: { component?: CdxComponent; timestamp?: string } };
  const version = typeof bom?.specVersion === 'string' ? bom.specVersion : '';
  if (!(CYCLONEDX_VERSIONS as readonly string[]).includes(version)) {
    content.problems.push({ message: `CycloneDX specVersion ${JSON.stringify(bom?.specVersion ?? null)} is not one Clause Guide reads (${CYCLONEDX_VERSIONS.join(', ')}).`, at: { pointer: '/specVersion' } });
    return content;
  }
  content.format = `CycloneDX ${version} JSON`;
  const validate = validatorFor(`bom-${version}`, CYCLONEDX_SCHEMA_REFS);
  if (!validate) {
    content.problems.push({ message: `The CycloneDX ${version} schema is not available to this host, so ${name} cannot be validated and is no evidence.` });
    return content;
  }
  if (!validate(bom)) {
    content.problems.push(schemaProblem(validate.errors, `CycloneDX ${version}`));
    return content;
  }
  const subject = bom.metadata?.component;
  if (subject?.name) content.fields = { subject: [subject.group, subject.name].filter(Boolean).join('/') + (subject.version ? `@${subject.version}` : '') };
  // The product's own purl: a VEX statement about the product speaks of every component in it.
  if (subject?.purl) content.fields = { ...content.fields, subject_purl: subject.purl };
  if (bom.metadata?.timestamp) content.fields = { ...content.fields, timestamp: bom.metadata.timestamp };
  const walk = (components: CdxComponent[] | undefined, path: (string | number)[]) => {
    components?.forEach((component, i) => {
      const at = [...path, i];
      content.items.push(componentItem(component, pointerOf(at)));
      walk(component.components, [...at, 'components']);
    });
  };
  walk(bom.components, ['components']);
  // A BOM may carry vulnerabilities, with or without their analysis (VEX): see vulnerabilityFiles.ts.
  const vulnerabilities = cycloneDxVulnerabilityItems(bom);
  content.items.push(...vulnerabilities.items);
  content.problems.push(...vulnerabilities.problems);
  return content;
}

function componentItem(component: CdxComponent, pointer: string): EvidenceItemData {
  const fields: Record<string, string> = {};
  const name = [component.group, component.name].filter(Boolean).join('/');
  if (name) fields.name = name;
  if (component.version) fields.version = component.version;
  if (component.purl) fields.purl = component.purl;
  if (component['bom-ref']) fields.bom_ref = component['bom-ref'];
  if (component.type) fields.type = component.type;
  const supplier = component.supplier?.name?.trim() || component.manufacturer?.name?.trim() || component.publisher?.trim();
  if (supplier) fields.supplier = supplier;
  Object.assign(fields, supportProperties(component.properties ?? []));
  const id = componentId(fields);
  return { collection: 'components', id, at: { pointer }, idAt: component.purl ? { pointer: `${pointer}/purl` } : undefined, fields };
}
