// VEX documents read into VexStatement (and a CycloneDX BOM's vulnerabilities into
// ReportedVulnerability as well: a BOM may carry a scanner's findings with or without analysis).
// - OpenVEX (https://github.com/openvex/spec, v0.2.0, and v0.0.1 where the vulnerability and
//   products are plain strings): the document's required members and each statement's
//   vulnerability, products (their `@id` or `identifiers.purl`, and subcomponents) and status.
//   A `not_affected` statement without a justification is NOT a shape problem here: that is the
//   rule vex-justification-missing, which says what to add.
// - CycloneDX (1.4-1.6): `vulnerabilities[]` with `analysis` (state, justification, response,
//   detail) and `affects[].ref`, a bom-ref of this BOM (resolved to the component's purl) or a
//   BOM-Link to another BOM's component (`urn:cdx:serial/version#bom-ref`). The host validates the
//   whole BOM against the official CycloneDX schema; this reader still checks what it relies on,
//   so it never throws on a file that skipped that validation.
import { child, isObject, lookup, ShapeReader, type JsonObject, type ShapeProblem } from './jsonShape';
import { parsePurl } from './purl';
import type { ReportedVulnerability, VexStatement, VexStatus } from './vulnerabilities';

const OPENVEX_STATUSES: readonly VexStatus[] = ['not_affected', 'affected', 'fixed', 'under_investigation'];
const OPENVEX_JUSTIFICATIONS = [
  'component_not_present',
  'vulnerable_code_not_present',
  'vulnerable_code_not_in_execute_path',
  'vulnerable_code_cannot_be_controlled_by_adversary',
  'inline_mitigations_already_exist',
];

export function readOpenVex(value: unknown): { statements: VexStatement[]; problems: ShapeProblem[] } {
  const shape = new ShapeReader();
  const statements: VexStatement[] = [];
  if (!isObject(value)) {
    shape.problem('', 'An OpenVEX document must be a JSON object.');
    return { statements, problems: shape.problems };
  }
  for (const key of ['@id', 'author', 'timestamp']) shape.string(value, '', key, true);
  if (value.version !== undefined && !Number.isInteger(value.version)) shape.problem('/version', '`version` must be a whole number.');
  for (const [statement, pointer] of shape.objects(shape.array(value, '', 'statements', true), '/statements', 'statement')) {
    const vulnerability = openVexVulnerability(shape, statement, pointer);
    const status = shape.string(statement, pointer, 'status', true);
    if (status && !(OPENVEX_STATUSES as readonly string[]).includes(status)) {
      shape.problem(child(pointer, 'status'), `\`status\` must be one of ${OPENVEX_STATUSES.join(', ')}, not '${status}'.`);
      continue;
    }
    const justification = shape.string(statement, pointer, 'justification');
    if (justification && !OPENVEX_JUSTIFICATIONS.includes(justification)) {
      shape.problem(child(pointer, 'justification'), `\`justification\` must be one of ${OPENVEX_JUSTIFICATIONS.join(', ')}, not '${justification}'.`);
    }
    const products = openVexProducts(shape, statement, pointer);
    if (!vulnerability || !status) continue;
    statements.push({
      vulnerability: vulnerability.name,
      aliases: vulnerability.aliases,
      products,
      status: status as VexStatus,
      state: status,
      justification,
      impactStatement: shape.string(statement, pointer, 'impact_statement'),
      actionStatement: shape.string(statement, pointer, 'action_statement'),
      responses: [],
      pointer,
      statusPointer: child(pointer, 'status'),
    });
  }
  return { statements, problems: shape.problems };
}

function openVexVulnerability(shape: ShapeReader, statement: JsonObject, pointer: string): { name: string; aliases: string[] } | undefined {
  if (typeof statement.vulnerability === 'string') return shape.string(statement, pointer, 'vulnerability', true) ? { name: statement.vulnerability.trim(), aliases: [] } : undefined;
  const vulnerability = shape.object(statement, pointer, 'vulnerability', true);
  if (!vulnerability) return undefined;
  const at = child(pointer, 'vulnerability');
  const name = shape.string(vulnerability, at, 'name', true);
  return name ? { name, aliases: shape.strings(shape.array(vulnerability, at, 'aliases'), child(at, 'aliases')) } : undefined;
}

/** A statement's products and their subcomponents (v0.2.0 objects, or v0.0.1 strings with statement-level `subcomponents`). */
function openVexProducts(shape: ShapeReader, statement: JsonObject, pointer: string): string[] {
  const products: string[] = [];
  const read = (list: unknown[], at: string) => {
    list.forEach((entry, index) => {
      const entryAt = child(at, index);
      if (typeof entry === 'string') {
        if (entry.trim()) products.push(entry.trim());
        return;
      }
      if (!isObject(entry)) return shape.problem(entryAt, 'A product must be an object with an `@id` (or a purl text).');
      const id = shape.string(entry, entryAt, '@id');
      const identifiers = shape.object(entry, entryAt, 'identifiers');
      const purl = identifiers && shape.string(identifiers, child(entryAt, 'identifiers'), 'purl');
      if (!id && !purl) shape.problem(entryAt, 'A product needs an `@id` or `identifiers.purl`.');
      for (const name of [id, purl]) if (name && !products.includes(name)) products.push(name);
      read(shape.array(entry, entryAt, 'subcomponents'), child(entryAt, 'subcomponents'));
    });
  };
  read(shape.array(statement, pointer, 'products'), child(pointer, 'products'));
  read(shape.array(statement, pointer, 'subcomponents'), child(pointer, 'subcomponents'));
  return products;
}

/** CycloneDX analysis states (1.4-1.6) read as VEX statuses. */
const CYCLONEDX_STATES: Record<string, VexStatus> = {
  resolved: 'fixed',
  resolved_with_pedigree: 'fixed',
  exploitable: 'affected',
  in_triage: 'under_investigation',
  false_positive: 'not_affected',
  not_affected: 'not_affected',
};

export function readCycloneDxVulnerabilities(value: unknown): { vulnerabilities: ReportedVulnerability[]; statements: VexStatement[]; problems: ShapeProblem[] } {
  const shape = new ShapeReader();
  const vulnerabilities: ReportedVulnerability[] = [];
  const statements: VexStatement[] = [];
  if (!isObject(value)) {
    shape.problem('', 'A CycloneDX BOM must be a JSON object.');
    return { vulnerabilities, statements, problems: shape.problems };
  }
  const purlOfRef = componentPurls(value);
  for (const [entry, pointer] of shape.objects(shape.array(value, '', 'vulnerabilities'), '/vulnerabilities', 'vulnerability')) {
    const id = shape.string(entry, pointer, 'id', true);
    const references = [...shape.objects(shape.array(entry, pointer, 'references'), child(pointer, 'references'), 'reference')];
    const aliases = references.map(([reference, at]) => shape.string(reference, at, 'id', true)).filter((alias): alias is string => !!alias && alias !== id);
    const products: string[] = [];
    for (const [affect, at] of shape.objects(shape.array(entry, pointer, 'affects'), child(pointer, 'affects'), 'affected component')) {
      const ref = shape.string(affect, at, 'ref', true);
      if (ref) products.push(resolveRef(ref, purlOfRef));
    }
    const analysis = shape.object(entry, pointer, 'analysis');
    if (!id) continue;
    const purls = products.filter((product) => parsePurl(product));
    vulnerabilities.push({ id, aliases, purls, packageName: products.join(', '), severity: cycloneDxSeverity(entry), pointer });
    if (!analysis) continue;
    const analysisAt = child(pointer, 'analysis');
    const state = shape.string(analysis, analysisAt, 'state');
    // An analysis without a state says nothing decided: the vulnerability stays unassessed.
    if (!state) continue;
    const status = lookup(CYCLONEDX_STATES, state);
    if (!status) {
      shape.problem(child(analysisAt, 'state'), `\`state\` must be one of ${Object.keys(CYCLONEDX_STATES).join(', ')}, not '${state}'.`);
      continue;
    }
    statements.push({
      vulnerability: id,
      aliases,
      products,
      status,
      state,
      justification: shape.string(analysis, analysisAt, 'justification'),
      detail: shape.string(analysis, analysisAt, 'detail'),
      responses: shape.strings(shape.array(analysis, analysisAt, 'response'), child(analysisAt, 'response')),
      pointer,
      statusPointer: child(analysisAt, 'state'),
    });
  }
  return { vulnerabilities, statements, problems: shape.problems };
}

/** Every component's bom-ref in the BOM (nested ones and the metadata's component too), with its purl. */
function componentPurls(bom: JsonObject): Map<string, string> {
  const purls = new Map<string, string>();
  const visit = (component: unknown, depth: number) => {
    if (!isObject(component) || depth > 64) return;
    if (typeof component['bom-ref'] === 'string' && typeof component.purl === 'string') purls.set(component['bom-ref'], component.purl);
    if (Array.isArray(component.components)) for (const nested of component.components) visit(nested, depth + 1);
  };
  if (isObject(bom.metadata)) visit(bom.metadata.component, 0);
  if (Array.isArray(bom.components)) for (const component of bom.components) visit(component, 0);
  return purls;
}

/** An `affects[].ref` as the purl it names where that can be told, else as written (a bom-ref of another BOM). */
function resolveRef(ref: string, purlOfRef: Map<string, string>): string {
  const own = purlOfRef.get(ref);
  if (own) return own;
  // A BOM-Link names a component of another BOM after the '#'.
  const hash = ref.startsWith('urn:cdx:') ? ref.indexOf('#') : -1;
  let target = ref;
  if (hash >= 0) {
    try {
      target = decodeURIComponent(ref.slice(hash + 1));
    } catch {
      target = ref.slice(hash + 1);
    }
  }
  return purlOfRef.get(target) ?? target;
}

function cycloneDxSeverity(entry: JsonObject): string | undefined {
  const ratings = Array.isArray(entry.ratings) ? entry.ratings : [];
  const rating = ratings.find((candidate) => isObject(candidate) && typeof candidate.severity === 'string');
  return isObject(rating) ? (rating.severity as string) : undefined;
}
