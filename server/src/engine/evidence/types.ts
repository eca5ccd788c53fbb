// Evidence files: machine-readable files other tools write (an SBOM, test results, a threat model),
// read where they are instead of retyped into our YAML. A reader turns one format's text into
// items (each joins the workspace index as a model item, so hover, references, unknown-reference,
// rules and coverage see it) and problems (each one `evidence-file-invalid` finding). Readers are
// pure functions of the text; the host finds, reads and re-reads the files (node/files.ts).
import type { CollectionName } from '../schema';

/** What an evidence file is evidence of; the kind of its model in the index. */
export const EVIDENCE_KINDS = ['sbom', 'component-support', 'test-results', 'threat-dragon', 'vulnerability-report', 'vex'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** The collections evidence items go to. Listed here so rules and criteria can tell them from ours. */
export const EVIDENCE_COLLECTIONS: readonly CollectionName[] = ['components', 'component-support', 'test-cases', 'model-boundaries', 'vulnerabilities', 'vex-statements'];

/** Where a reader found something: a JSON pointer (located in the text only when needed), or offsets it knows. */
export type EvidenceLocation = { pointer: string } | { start: number; end: number };

/** One item of an evidence file, as its reader found it. */
export interface EvidenceItemData {
  collection: CollectionName;
  /** Its id in the index (a component's purl, a threat's TD-21), or undefined for items nothing refers to. */
  id?: string;
  /** The whole item, e.g. the component's object. */
  at: EvidenceLocation;
  /** Where the id is written, when it is (else the item's start). */
  idAt?: EvidenceLocation;
  /** Its fields as text (lists as arrays); absent or empty values are left out. */
  fields: Record<string, string | string[]>;
  /** List fields whose values name items elsewhere (a vulnerability's affected components): resolved like our references. */
  refs?: Partial<Record<string, CollectionName>>;
}

/** Why a file is not evidence: one finding at the place the schema (or parser) names. */
export interface EvidenceProblem {
  message: string;
  /** Where: a pointer or offsets; absent for the file as a whole (its first line). */
  at?: EvidenceLocation;
}

/** What a reader makes of a file. A file with problems is no evidence: its items are not indexed. */
export interface EvidenceContent {
  kind: EvidenceKind;
  /** The format as a person names it, for messages and hover: "CycloneDX 1.6 JSON". */
  format: string;
  items: EvidenceItemData[];
  problems: EvidenceProblem[];
  /** Top-level facts worth showing (the SBOM's subject, its timestamp), as fields of the model. */
  fields?: Record<string, string>;
}

/** How a file is handed to a reader. */
export interface EvidenceInput {
  /** The file's name (last path segment), e.g. `bom.json`. */
  name: string;
  text: string;
}

/**
 * A format reader. `sniff` looks at the name and the first bytes of the text (cheap: it runs for
 * every candidate JSON/XML/YAML file) and says whether this reader reads it; `read` does the work.
 */
export interface EvidenceReader {
  /** Short name for logs and tests: 'cyclonedx-json'. */
  id: string;
  /** What the files it reads are evidence of. */
  kind: EvidenceKind;
  sniff(input: EvidenceInput, head: string): boolean;
  read(input: EvidenceInput): EvidenceContent;
}
