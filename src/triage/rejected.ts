/**
 * `catalog/rejected.yaml`: the papers the curators decided not to list. It lives in the catalog (and so in git) so
 * that every curator's `discover` and triage page skip them, not just the one who rejected them. Entries are kept
 * sorted by id, one short mapping each, so concurrent rejections merge cleanly in pull requests.
 *
 * (The schema is here, beside its only reader and writer; it would move to src/model/schema.ts with the others.)
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document } from 'yaml';
import { z } from 'zod';
import { parseYaml } from '../catalog/yaml.js';
import { PapershelfError } from '../model/problems.js';
import { ArxivId, Day } from '../model/schema.js';

export const REJECTED_FILE = 'rejected.yaml';

export const RejectedEntry = z.strictObject({
  arxiv: ArxivId,
  /** For people reading the file; the id is what counts. */
  title: z.string().max(300).optional(),
  /** The day it was rejected. */
  date: Day,
  reason: z.string().max(500).optional(),
});
export const RejectedFile = z.strictObject({ rejected: z.array(RejectedEntry).max(100_000) });
export type RejectedEntry = z.infer<typeof RejectedEntry>;

export function rejectedPath(catalogDir: string): string {
  return join(catalogDir, REJECTED_FILE);
}

/** The rejected papers of a catalog (none when the file does not exist). Throws a PapershelfError for a bad file. */
export function readRejected(catalogDir: string): RejectedEntry[] {
  const path = rejectedPath(catalogDir);
  if (!existsSync(path)) return [];
  const parsed = parseYaml(readFileSync(path, 'utf8'), RejectedFile, path);
  if (!parsed.value) throw new PapershelfError(parsed.problems);
  return parsed.value.rejected;
}

const HEADER = '# Papers the curators decided not to list: `papershelf discover` and the triage page do not suggest them again.\n# Written by `papershelf reject ID` (or the triage page); delete an entry to have the paper suggested again.\n';

/** Canonical text of the file: header comment, entries sorted by id. */
export function rejectedToYaml(entries: RejectedEntry[]): string {
  const sorted = [...entries].sort((a, b) => (a.arxiv < b.arxiv ? -1 : a.arxiv > b.arxiv ? 1 : 0));
  const body = new Document({ rejected: sorted.map((e) => ({ arxiv: e.arxiv, ...(e.title ? { title: e.title } : {}), date: e.date, ...(e.reason ? { reason: e.reason } : {}) })) }).toString({ lineWidth: 0, indentSeq: true });
  return HEADER + body;
}

/** Adds (or replaces) entries by id. Pure. */
export function withRejected(entries: RejectedEntry[], add: RejectedEntry[]): RejectedEntry[] {
  const byId = new Map(entries.map((e) => [e.arxiv, e]));
  for (const e of add) byId.set(e.arxiv, e);
  return [...byId.values()];
}
