/**
 * The outputs `build --out DIR` writes besides the Markdown list: the website, its search index, the feeds, the
 * exports. Each writer is a pure function from the catalog to files (path relative to DIR → content); `build`
 * writes them. Writers marked `thread` may run on a worker thread beside the others (see write-outputs.ts): they
 * must use only `catalog.taxonomy`, `catalog.papers` and `catalog.resources` (stem, file, data) of the context.
 */
import type { Catalog } from '../catalog/load.js';
import { writeFeedsAndExports } from './export.js';
import { writeSearch, writeSite, writeTagPages } from '../site/write.js';

export interface OutputContext {
  catalog: Catalog;
  /** Path prefix the site is served under, e.g. "/" or "/llm-papers/". */
  base: string;
  /** Absolute URL of the site (for feeds and canonical links), e.g. "https://user.github.io/llm-papers/". */
  siteUrl: string;
  /** Build time, injected so output is deterministic in tests. */
  now: Date;
}

export type OutputFiles = Map<string, string | Uint8Array>;
export type OutputWriter = (ctx: OutputContext) => OutputFiles | Promise<OutputFiles>;

/** Register writers here (one import and one entry per feature). */
export const OUTPUT_WRITERS: { name: string; write: OutputWriter; thread?: boolean }[] = [
  { name: 'feeds+exports', write: writeFeedsAndExports, thread: true },
  { name: 'search', write: writeSearch, thread: true },
  { name: 'tag pages', write: writeTagPages, thread: true },
  { name: 'site', write: writeSite },
];
