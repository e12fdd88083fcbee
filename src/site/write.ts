/**
 * The website output of `papershelf build --out DIR`, as four writers (path → content): `writeSite`, the home page
 * and the assets; `writeSearch`, the search index and the search page that reads it; `writeListPages`, the category
 * and tag pages; `writePaperPages`, the paper pages. `build` runs them on two threads (commands/write-outputs.ts):
 * the search beside the home page, then both threads share the list and paper pages. Pure but for reading the compiled client scripts once.
 * Layout (src/site/urls.ts):
 *   index.html, search/index.html, 404.html, .nojekyll
 *   categories/<id>/index.html (+ <id>/2.html … past PAGE_SIZE papers), tags/<id>/index.html, papers/<stem>.html
 *   assets/<version>/…, search-data/<version>/…
 */
import type { OutputContext, OutputFiles, OutputStream } from '../commands/outputs.js';
import { siteAssets } from './assets.js';
import { pageCtx, type SiteInfo } from './layout.js';
import { buildModel, type SitePaper } from './model.js';
import { categoryPage, homePage, listPagePath, notFoundPage, pageCount, paperPage, searchPage, tagPage } from './pages.js';
import { LazyFiles } from './lazy-files.js';
import { relatedPapers } from './related.js';
import { buildSearchIndex } from './search-index.js';
import { pageFile, urls } from './urls.js';

/** The search index (search-data/<version>/…) and the search page. */
export function writeSearch(ctx: OutputContext): OutputFiles {
  const model = buildModel(ctx.catalog);
  const index = buildSearchIndex(model);
  const site: SiteInfo = { model, base: ctx.base, siteUrl: ctx.siteUrl, assets: siteAssets().dir, now: ctx.now };
  const files: OutputFiles = new Map(index.files);
  files.set(pageFile(urls.search()), searchPage(pageCtx(site, urls.search()), index.dir));
  return files;
}

/** A writer's pages, rendered when `build` reads them, one at a time (see lazy-files.ts). */
function pageWriter(ctx: OutputContext) {
  const model = buildModel(ctx.catalog);
  const assets = siteAssets();
  const site: SiteInfo = { model, base: ctx.base, siteUrl: ctx.siteUrl, assets: assets.dir, now: ctx.now };
  const files = new LazyFiles();
  const ctxFor = (path: string) => pageCtx(site, path);
  // As strings: writeFileSync encodes a string faster than Buffer.from does (measured: 0.2 s less at 10k pages).
  const page = (path: string, render: () => string) => files.setLazy(pageFile(path), render);
  return { model, assets, site, files, ctxFor, page };
}

/** The claims of a shared writer: `ctx.claim`, or all the work in order when one thread runs everything. */
function claims(ctx: OutputContext): (n: number) => number {
  let next = 0;
  return ctx.claim ?? ((n: number) => ((next += n), next - n));
}

/**
 * The category and tag pages (every page of each list), rendered as they are read. A `shared` writer (see
 * `writePaperPages`): each thread takes the next page from `ctx.claim`.
 */
export function* writeListPages(ctx: OutputContext): Generator<[string, string]> {
  const { model, ctxFor } = pageWriter(ctx);
  const pages: [string, () => string][] = [];
  for (const c of model.categories.values()) {
    for (let p = 1; p <= pageCount(c.papers.length); p++) pages.push([listPagePath(urls.category(c.id), p), () => categoryPage(ctxFor, c, p)]);
  }
  for (const tg of model.tags.values()) {
    for (let p = 1; tg.papers.length && p <= pageCount(tg.papers.length); p++) pages.push([listPagePath(urls.tag(tg.id), p), () => tagPage(ctxFor, tg, p)]);
  }
  const claim = claims(ctx);
  for (let i = claim(1); i < pages.length; i = claim(1)) yield [pageFile(pages[i]![0]), pages[i]![1]()];
}

/** Paper pages claimed at a time by a thread (see `writePaperPages`). */
const PAPER_CHUNK = 64;

/**
 * The paper pages, rendered one at a time as they are read. A `shared` writer: in `build` both threads run it once
 * their other writers are done, each taking the next PAPER_CHUNK papers from `ctx.claim` until none are left, so
 * whichever thread is free first renders more of them. Alone (no `claim`), it renders them all.
 */
export async function writePaperPages(ctx: OutputContext): Promise<OutputStream> {
  // A thread joining late must first work out the related papers and the BibTeX entries of the whole catalog, about
  // the time of one paper page in eight: a helper joins only if more pages than that are left.
  const n = ctx.catalog.papers.length;
  if (ctx.helper && ctx.claim && n - ctx.claim(0) < n / 8 + 500) return [];
  // BibTeX (and its LaTeX tables) is loaded only by a thread that renders paper pages or papers.bib.
  const { catalogBibtex } = await import('../export/bibtex.js');
  return paperPages(ctx, catalogBibtex);
}

function* paperPages(ctx: OutputContext, catalogBibtex: typeof import('../export/bibtex.js').catalogBibtex): Generator<[string, string]> {
  const model = buildModel(ctx.catalog);
  const site: SiteInfo = { model, base: ctx.base, siteUrl: ctx.siteUrl, assets: siteAssets().dir, now: ctx.now };
  const claim = claims(ctx);
  let bibtex: ReturnType<typeof catalogBibtex> | undefined;
  let related: Map<number, SitePaper[]> | undefined;
  for (let start = claim(PAPER_CHUNK); start < model.papers.length; start = claim(PAPER_CHUNK)) {
    // Computed by a thread only once it has pages to render (papers.bib, on the same thread, made the entries).
    bibtex ??= catalogBibtex(ctx.catalog.papers);
    related ??= relatedPapers(model);
    for (const sp of model.papers.slice(start, start + PAPER_CHUNK)) {
      const path = urls.paper(sp.stem);
      yield [pageFile(path), paperPage(pageCtx(site, path), sp, related.get(sp.n) ?? [], bibtex(sp.stem, sp.p))];
    }
  }
}

/** The home page, the 404 page and the assets. */
export function writeSite(ctx: OutputContext): OutputFiles {
  const { assets, site, files, ctxFor, page } = pageWriter(ctx);
  page(urls.home(), () => homePage(ctxFor(urls.home())));
  files.setLazy('404.html', () => notFoundPage(pageCtx(site, '', true)));
  files.set('.nojekyll', '');
  for (const [path, content] of assets.files) files.set(path, content);
  return files;
}
