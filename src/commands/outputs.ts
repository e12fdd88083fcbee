/**
 * The outputs `build --out DIR` writes besides the Markdown list: the website, its search index, the feeds, the
 * exports. Each writer is a pure function from the catalog to files (path relative to DIR → content); `build`
 * writes them. Writers marked `thread` may run on a worker thread beside the others (see write-outputs.ts): they
 * must use only `catalog.taxonomy`, `catalog.papers` and `catalog.resources` (stem, file, data) of the context.
 */
import type { Catalog } from '../catalog/load.js';
import { writeBibtexExport, writeFeedsAndExports } from './export.js';
import { writeListPages, writePaperPages, writeSearch, writeSite } from '../site/write.js';

export interface OutputContext {
  catalog: Catalog;
  /** Path prefix the site is served under, e.g. "/" or "/llm-papers/". */
  base: string;
  /** Absolute URL of the site (for feeds and canonical links), e.g. "https://user.github.io/llm-papers/". */
  siteUrl: string;
  /** Build time, injected so output is deterministic in tests. */
  now: Date;
  /**
   * For a `shared` writer run by two threads at once: takes the next `n` items of its work for this thread and
   * returns the index of the first (past the end once all are taken). Absent when one thread runs everything.
   */
  claim?: (n: number) => number;
  /**
   * Set on the thread that helps with the shared writers: the other thread runs each of them to the end, so a
   * helper may leave one whose remaining work would not pay for the set-up it needs.
   */
  helper?: boolean;
}

export type OutputFiles = Map<string, string | Uint8Array>;
/** Files as a writer hands them over: a map, or a stream rendered as it is read. */
export type OutputStream = Iterable<[string, string | Uint8Array]>;
export type OutputWriter = (ctx: OutputContext) => OutputStream | Promise<OutputStream>;

/**
 * Register writers here (one import and one entry per feature). With two threads, the `thread` writers run on the
 * worker and the others on the main thread; then both run the `shared` ones, splitting the work through `claim`.
 */
export const OUTPUT_WRITERS: { name: string; write: OutputWriter; thread?: boolean; shared?: boolean }[] = [
  { name: 'feeds+exports', write: writeFeedsAndExports, thread: true },
  { name: 'search', write: writeSearch, thread: true },
  { name: 'site', write: writeSite },
  // On the thread that then renders the paper pages: they show the same entries.
  { name: 'bibtex', write: writeBibtexExport },
  { name: 'paper pages', write: writePaperPages, shared: true },
  { name: 'list pages', write: writeListPages, shared: true },
];
