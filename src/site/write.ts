/**
 * The website output of `papershelf build --out DIR`, as three writers (path → content): `writeSite`, the pages and
 * the assets; `writeTagPages`, the tag pages; `writeSearch`, the search index and the search page that reads it (the
 * last two separate so that `build` can run them beside the other pages, on another thread). Pure but for reading the compiled client scripts once.
 * Layout (src/site/urls.ts):
 *   index.html, search/index.html, 404.html, .nojekyll
 *   categories/<id>/index.html (+ <id>/2.html … past PAGE_SIZE papers), tags/<id>/index.html, papers/<stem>.html
 *   assets/<version>/…, search-data/<version>/…
 */
import { bibtexKeys, renderBibtexEntry } from '../export/bibtex.js';
import type { OutputContext, OutputFiles } from '../commands/outputs.js';
import { siteAssets } from './assets.js';
import { pageCtx, type SiteInfo } from './layout.js';
import { buildModel } from './model.js';
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

/** The tag pages: a writer of their own, so that `build` can run them on its worker, beside the paper pages. */
export function writeTagPages(ctx: OutputContext): OutputFiles {
  const { model, files, ctxFor, page } = pageWriter(ctx);
  for (const tg of model.tags.values()) {
    if (!tg.papers.length) continue;
    for (let p = 1; p <= pageCount(tg.papers.length); p++) page(listPagePath(urls.tag(tg.id), p), () => tagPage(ctxFor, tg, p));
  }
  return files;
}

/** Every other page, and the assets. */
export function writeSite(ctx: OutputContext): OutputFiles {
  const { model, assets, site, files, ctxFor, page } = pageWriter(ctx);
  page(urls.home(), () => homePage(ctxFor(urls.home())));
  files.setLazy('404.html', () => notFoundPage(pageCtx(site, '', true)));
  files.set('.nojekyll', '');
  for (const c of model.categories.values()) {
    for (let p = 1; p <= pageCount(c.papers.length); p++) page(listPagePath(urls.category(c.id), p), () => categoryPage(ctxFor, c, p));
  }
  const keys = bibtexKeys(model.papers.map((sp) => ({ stem: sp.stem, data: sp.p })));
  const related = relatedPapers(model);
  for (const sp of model.papers) {
    const path = urls.paper(sp.stem);
    page(path, () => paperPage(ctxFor(path), sp, related.get(sp.n) ?? [], renderBibtexEntry({ stem: sp.stem, key: keys.get(sp.stem)!, paper: sp.p })));
  }
  for (const [path, content] of assets.files) files.set(path, content);
  return files;
}
