// One document model for both forms of the security file: YAML documents and Markdown documents
// (front matter + tables whose first header cell is `ID`). Every item and field keeps its exact
// range, so a finding points at the offending key, value or cell.
//
// The parts: the values a model holds (modelValues.ts), the strings models share (modelStrings.ts),
// what both readers share while building (modelBuilder.ts: values, shape checks), the YAML reader
// (modelYaml.ts) and the Markdown table reader (modelMarkdown.ts, over markdownTable.ts).
import { isMap } from 'yaml';
import type { ParsedDocument } from './document';
import { ModelBuilder, type ModelOptions } from './modelBuilder';
import { readMarkdownModel } from './modelMarkdown';
import type { ModelDocument, SourceItem } from './modelValues';
import { readYamlModel } from './modelYaml';
import { buildEvidenceModel } from './evidence/model';

export type { ModelOptions } from './modelBuilder';
export { ModelStrings } from './modelStrings';
export {
  fieldList,
  fieldText,
  ScalarValue,
  type Collection,
  type FieldValue,
  type InsertPoint,
  type ModelDocument,
  type ModelItem,
  type ReferenceUse,
  type ShapeProblem,
} from './modelValues';

/** Builds the model of a security document; null when the file is not one. */
export function buildModel(parsed: ParsedDocument, options: ModelOptions = {}): ModelDocument | null {
  if (parsed.evidence) return buildEvidenceModel(parsed, parsed.evidence, options.strings, options.threatDragonPrefix?.(parsed.source.uri));
  if (!parsed.documentKind) return null;
  const builder = new ModelBuilder(parsed, parsed.documentKind, options);
  const root = parsed.yaml?.contents;
  if (isMap(root)) readYamlModel(builder, root);
  if (parsed.format === 'markdown') readMarkdownModel(builder);
  builder.model.items.sort((a, b) => (a as SourceItem).startOffset - (b as SourceItem).startOffset);
  builder.leaveProseInText();
  return builder.model;
}
