// Which files are evidence, and which reader reads each. A file is evidence by its name (the names
// the tools write by default: `bom.json`, `*.cdx.json`, `*.spdx.json`…) or, for any JSON or XML
// file a project's `include` globs take in, by its content (each reader sniffs the first bytes).
// A file named as evidence that no reader recognises is a problem; a JSON file that is only
// included and is no format we read (a package.json) is simply not evidence.
import { cycloneDxJsonReader } from './cyclonedx';
import { cycloneDxXmlReader } from './cyclonedxXml';
import { spdxJsonReader } from './spdx';
import { SUPPORT_SIDECAR, supportSidecarReader } from './supportSidecar';
import { junitXmlReader } from './testResultsReader';
import { threatDragonReader } from './threatDragonReader';
import { isVulnerabilityFileName, unrecognisedVulnerabilityFile, VULNERABILITY_FILE_NAMES, VULNERABILITY_READERS } from './vulnerabilityFiles';
import type { EvidenceContent, EvidenceInput, EvidenceReader } from './types';

/** Every reader, tried in order. Add a format by writing its reader and listing it here. */
export const EVIDENCE_READERS: EvidenceReader[] = [cycloneDxJsonReader, cycloneDxXmlReader, spdxJsonReader, supportSidecarReader, junitXmlReader, threatDragonReader, ...VULNERABILITY_READERS];

/** File names that are evidence by themselves (lower-cased last path segment). */
const SBOM_NAMES = [/^bom\.(json|xml)$/, /\.cdx\.(json|xml)$/, /\.spdx\.json$/, SUPPORT_SIDECAR];
/**
 * The names CI tools give JUnit XML (`junit.xml`, `junit-report.xml`, Surefire's `TEST-*.xml`): read
 * without an `include`, and evidence only when the root element is JUnit's (the reader sniffs it),
 * so another XML file of that name is simply not evidence.
 */
const TEST_RESULT_NAMES = [/^junit.*\.xml$/, /^test-.*\.xml$/, /\.junit\.xml$/];
/** Threat Dragon saves a model under its title; `<name>.threat-dragon.json` marks one without an `include` (sniffed too). */
const THREAT_DRAGON_NAMES = [/\.threat-dragon\.json$/];
/** Folders CI writes JUnit XML into: any XML file in them is read (and sniffed). */
const TEST_RESULT_FOLDERS = /(^|[\/])(test-results|test-reports|surefire-reports)[\/]/i;
const EVIDENCE_NAMES = [...SBOM_NAMES, ...TEST_RESULT_NAMES, ...THREAT_DRAGON_NAMES, ...VULNERABILITY_FILE_NAMES];

/** How much of a file a reader's sniff sees. */
const HEAD = 4096;

/** Whether a file's name alone makes it an evidence file. */
export function isEvidenceFileName(name: string): boolean {
  const lower = name.toLowerCase();
  return EVIDENCE_NAMES.some((pattern) => pattern.test(lower));
}

/** Whether a file is read as possible evidence without an `include`: by its name, or an XML file in a test-results folder. */
export function isEvidencePath(file: string): boolean {
  const name = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
  return isEvidenceFileName(name) || (/\.xml$/i.test(name) && TEST_RESULT_FOLDERS.test(file));
}

/** Whether a file may be evidence if its project includes it explicitly (JSON or XML). */
export function mayBeEvidenceFile(name: string): boolean {
  return /\.(json|xml)$/i.test(name);
}

/** The reader of a file, by its name and first bytes; undefined when none reads it. */
export function evidenceReaderFor(input: EvidenceInput): EvidenceReader | undefined {
  const head = input.text.slice(0, HEAD);
  return EVIDENCE_READERS.find((reader) => reader.sniff(input, head));
}

/**
 * Reads an evidence file: its reader's content, or null when the file is not evidence (no reader
 * knows it and its name does not claim it is). Never throws: a reader that fails is a problem.
 */
export function readEvidence(input: EvidenceInput): EvidenceContent | null {
  const reader = evidenceReaderFor(input);
  if (!reader) {
    // An SBOM's or a scanner/VEX file's name claims a format; a file named like test results is evidence only if it is JUnit.
    if (isVulnerabilityFileName(input.name)) return unrecognisedVulnerabilityFile(input.name);
    if (!SBOM_NAMES.some((pattern) => pattern.test(input.name.toLowerCase()))) return null;
    return {
      kind: 'sbom',
      format: 'unknown',
      items: [],
      problems: [{ message: `${input.name} is named as an SBOM, but it is not a CycloneDX (JSON or XML, spec 1.4–1.6) or SPDX 2.3 JSON document, so it is no evidence.` }],
    };
  }
  try {
    return reader.read(input);
  } catch (error) {
    return { kind: reader.kind, format: reader.id, items: [], problems: [{ message: `${input.name} could not be read as ${reader.id}: ${(error as Error)?.message ?? String(error)}` }] };
  }
}
