/**
 * The JSON export: the whole catalog (or a selection of it) in one versioned document, and its JSON Schema.
 * Papers and resources are the catalog's own objects with two fields added in front: `stem` (the file stem, which
 * is also the paper's page on the site) and, for papers, `key` (the citation key of the other exports).
 *
 * `version` changes only when a consumer would have to change: new optional fields keep version 1.
 */
import { z } from 'zod';
import { Paper, Resource, Taxonomy, type Taxonomy as TaxonomyT } from '../model/schema.js';
import { jsonArray, Utf8Sink, type ExportEntry, type ExportResource } from './paper.js';

export const EXPORT_VERSION = 1;
export const EXPORT_SCHEMA_ID = 'https://papershelf.dev/schema/export.schema.json';

export const ExportedPaper = z.strictObject({ stem: z.string(), key: z.string(), ...Paper.shape });
export const ExportedResource = z.strictObject({ stem: z.string(), ...Resource.shape });

export const ExportFile = z.strictObject({
  /** Where the schema of this document is published, when the export is part of a built site. */
  $schema: z.string().optional(),
  version: z.literal(EXPORT_VERSION),
  /** When the export was made (RFC 3339). */
  generated: z.string(),
  taxonomy: Taxonomy,
  papers: z.array(ExportedPaper),
  resources: z.array(ExportedResource),
});
export type ExportFile = z.infer<typeof ExportFile>;

/** The JSON Schema of the export, published beside it (schema/export.schema.json on the site). */
export function exportJsonSchema(): unknown {
  return { $id: EXPORT_SCHEMA_ID, ...z.toJSONSchema(ExportFile, { io: 'output' }) };
}

export interface JsonExportInput {
  taxonomy: TaxonomyT;
  entries: ExportEntry[];
  resources: ExportResource[];
  generated: Date;
  schemaUrl?: string;
}

export function exportDocument(input: JsonExportInput): ExportFile {
  return {
    ...(input.schemaUrl ? { $schema: input.schemaUrl } : {}),
    version: EXPORT_VERSION,
    generated: input.generated.toISOString(),
    taxonomy: input.taxonomy,
    papers: input.entries.map((e) => ({ stem: e.stem, key: e.key, ...e.paper })),
    resources: input.resources.map((r) => ({ stem: r.stem, ...r.resource })),
  };
}

/**
 * The document as `JSON.stringify(exportDocument(input), null, 2)` writes it, byte for byte (a test checks), but
 * with the two long arrays stringified a few dozen items at a time (see jsonArray).
 */
export function renderJson(input: JsonExportInput): Buffer {
  const doc = exportDocument({ ...input, entries: [], resources: [] });
  const text = JSON.stringify(doc, null, 2);
  // The empty arrays are the last two members: the text ends with them.
  const tail = '\n  "papers": [],\n  "resources": []\n}';
  if (!text.endsWith(tail)) throw new Error('renderJson: unexpected layout of the document');
  const sink = new Utf8Sink();
  sink.write(`${text.slice(0, -tail.length)}\n  "papers": `);
  jsonArray(input.entries, (e) => ({ stem: e.stem, key: e.key, ...e.paper }), 1, sink);
  sink.write(',\n  "resources": ');
  jsonArray(input.resources, (r) => ({ stem: r.stem, ...r.resource }), 1, sink);
  sink.write('\n}\n');
  return sink.bytes();
}
