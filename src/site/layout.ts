/**
 * The page shell every page shares: head (Content-Security-Policy, stylesheet, scripts, feed links, canonical
 * URL), header (brand, search box, language and theme switches), footer. Links inside the site are relative to
 * the page (`../papers/x.html`), so the site works under any sub-path and from any static file server; only the
 * 404 page, which a host serves at any depth, uses the absolute base.
 */
import { joinUrl, urls } from './urls.js';
import { html, raw, type Html } from './html.js';
import { bi, biAttr, t } from './i18n.js';
import type { SiteModel } from './model.js';

/** What every page needs to know about the build it belongs to. */
export interface SiteInfo {
  model: SiteModel;
  /** "/" or "/llm-papers/". */
  base: string;
  /** Absolute URL of the site root, for canonical links. */
  siteUrl: string;
  /** Folder of this build's assets, relative to the root: "assets/<version>/". */
  assets: string;
  now: Date;
}

export interface PageCtx {
  site: SiteInfo;
  /** This page's path relative to the root: "", "papers/x.html", "categories/y/", "categories/y/2.html". */
  path: string;
  /** Prefix from this page to the root: "./", "../../", or the absolute base for the 404 page. */
  root: string;
}

export function pageCtx(site: SiteInfo, path: string, absolute = false): PageCtx {
  const depth = path.split('/').length - 1; // folders above the page: "papers/x.html" and "tags/y/" are one and two deep
  return { site, path, root: absolute ? site.base : depth ? '../'.repeat(depth) : './' };
}

/** A link from this page to a site path. */
export function href(ctx: PageCtx, target: string): string {
  return ctx.root + target;
}

export interface Feed {
  title: string;
  path: string;
}

export interface PageOptions {
  title: string;
  /** Title in Chinese where it differs (category names); swapped by the language switch. */
  titleZh?: string;
  description?: string;
  body: Html;
  /** Feeds besides the whole catalog's (a category's, a tag's). */
  feeds?: Feed[];
  /** Extra tags for the head (citation meta tags). */
  head?: Html;
  /** The home page and the search page have their own big search box. */
  headerSearch?: boolean;
  /** Language of the main content when it is not bilingual. */
  bodyClass?: string;
}

const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'";

const FAVICON =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Crect width='32' height='32' rx='7' fill='%231f4fb0'/%3E%3Cpath d='M9 8h5v16H9zM15.5 8h5v16h-5zM22 9.2l4.6-1.2 3.4 15-4.6 1.2z' fill='%23fff'/%3E%3C/svg%3E";

export const ICONS = {
  search: raw('<svg class="icon" width="17" height="17" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" aria-hidden="true" focusable="false"><circle cx="11" cy="11" r="7"/><path d="m20 20-3.5-3.5"/></svg>'),
  brand: raw('<svg width="20" height="20" viewBox="0 0 24 24" fill="currentColor" aria-hidden="true" focusable="false"><path d="M4 4h4v16H4zM9.5 4h4v16h-4zM15 5.2l3.8-1 3.2 14.6-3.8 1z"/></svg>'),
  sun: raw('<svg class="theme-icon-light" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" aria-hidden="true" focusable="false"><circle cx="12" cy="12" r="4.2"/><path d="M12 2v2M12 20v2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4M2 12h2M20 12h2M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4"/></svg>'),
  moon: raw('<svg class="theme-icon-dark" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false"><path d="M20.5 14.2A8.5 8.5 0 1 1 9.8 3.5a6.8 6.8 0 0 0 10.7 10.7z"/></svg>'),
  feed: raw('<svg viewBox="0 0 24 24" fill="currentColor" aria-hidden="true" focusable="false"><circle cx="6" cy="18" r="2.2"/><path d="M4 10.5v3a6.5 6.5 0 0 1 6.5 6.5h3A9.5 9.5 0 0 0 4 10.5zm0-6v3A12.5 12.5 0 0 1 16.5 20h3A15.5 15.5 0 0 0 4 4.5z"/></svg>'),
  download: raw('<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false"><path d="M12 4v11m0 0-4.5-4.5M12 15l4.5-4.5M5 20h14"/></svg>'),
  copy: raw('<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round" aria-hidden="true" focusable="false"><rect x="8" y="8" width="12" height="12" rx="2"/><path d="M16 8V5a1 1 0 0 0-1-1H5a1 1 0 0 0-1 1v10a1 1 0 0 0 1 1h3"/></svg>'),
  external: raw('<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false"><path d="M14 4h6v6M20 4l-9 9M18 14v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h5"/></svg>'),
};

export function searchForm(ctx: PageCtx, id: string, big = false): Html {
  return html`<form class="search-form" role="search" action="${href(ctx, urls.search())}" method="get">
<label class="sr-only" for="${id}">${t('searchLabel')}</label>
${ICONS.search}<input id="${id}" name="q" type="search" autocomplete="off" spellcheck="false" ${biAttr('placeholder', 'searchPlaceholder')} data-i18n="placeholder"${big ? raw(' data-autofocus-hint') : ''}>
<kbd aria-hidden="true">/</kbd>
</form>`;
}

export function layout(ctx: PageCtx, o: PageOptions): string {
  const { site } = ctx;
  const tax = site.model.taxonomy;
  const a = href(ctx, site.assets);
  const feeds: Feed[] = [{ title: `${tax.title} (Atom)`, path: urls.feed({ kind: 'all' }, 'atom') }, ...(o.feeds ?? [])];
  const fullTitle = o.title === tax.title ? o.title : `${o.title} · ${tax.title}`;
  const fullTitleZh = o.titleZh ? `${o.titleZh} · ${tax.title}` : fullTitle;
  const page = html`<!doctype html>
<html lang="en" data-title-en="${fullTitle}" data-title-zh="${fullTitleZh}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${raw(CSP)}">
<meta name="referrer" content="strict-origin-when-cross-origin">
<title>${fullTitle}</title>
${o.description ? html`<meta name="description" content="${o.description}">` : ''}
<link rel="canonical" href="${joinUrl(site.siteUrl, ctx.path)}">
<link rel="icon" href="${raw(FAVICON)}">
<link rel="stylesheet" href="${a}site.css">
${feeds.map((f) => html`<link rel="alternate" type="application/atom+xml" title="${f.title}" href="${href(ctx, f.path)}">\n`)}<script src="${a}boot.js"></script>
<script type="module" src="${a}app.js"></script>
${o.head ?? ''}</head>
<body${o.bodyClass ? html` class="${o.bodyClass}"` : ''}>
${chrome(ctx, o.headerSearch !== false).header}
<main id="main" class="wrap" tabindex="-1">
${o.body}
</main>
${chrome(ctx, o.headerSearch !== false).footer}
</body>
</html>
`;
  return page.value;
}

/** Header and footer depend only on the page's depth: rendered once per depth and build, not once per page. */
const chromes = new WeakMap<SiteInfo, Map<string, { header: Html; footer: Html }>>();

function chrome(ctx: PageCtx, headerSearch: boolean): { header: Html; footer: Html } {
  let byRoot = chromes.get(ctx.site);
  if (!byRoot) chromes.set(ctx.site, (byRoot = new Map()));
  const key = `${headerSearch}|${ctx.root}`;
  let c = byRoot.get(key);
  if (!c) byRoot.set(key, (c = renderChrome(ctx, headerSearch)));
  return c;
}

function renderChrome(ctx: PageCtx, headerSearch: boolean): { header: Html; footer: Html } {
  const tax = ctx.site.model.taxonomy;
  const header = html`<a class="skip" href="#main">${t('skip')}</a>
<header class="site-header">
<div class="wrap bar">
<a class="brand" href="${href(ctx, urls.home())}">${ICONS.brand}${tax.title}</a>
${headerSearch ? searchForm(ctx, 'site-q') : ''}
<div class="tools">
<button class="tool" type="button" id="lang-toggle" hidden ${biAttr('aria-label', 'languageLabel')} data-i18n="aria-label">${t('language')}</button>
<button class="tool" type="button" id="theme-toggle" hidden ${biAttr('aria-label', 'theme')} data-i18n="aria-label">${ICONS.sun}${ICONS.moon}</button>
</div>
</div>
</header>`;
  const footer = html`<footer class="site-footer">
<div class="wrap">
<div class="row">
<a href="${href(ctx, urls.home())}">${t('home')}</a>
<a href="${href(ctx, urls.search())}">${t('search')}</a>
<a href="${href(ctx, urls.feed({ kind: 'all' }, 'atom'))}">${t('feed')}</a>
<a href="${href(ctx, urls.home())}#downloads">${t('downloads')}</a>
<span>${t('license')}</span>
<span class="l-en">Built with papershelf</span><span class="l-zh" lang="zh-CN">由 papershelf 生成</span>
</div>
</div>
</footer>`;
  return { header, footer };
}

/** Breadcrumbs: home, then the given trail; the last item is the current page. */
export function crumbs(ctx: PageCtx, trail: { label: Html; path?: string }[]): Html {
  const items = [{ label: t('home'), path: urls.home() as string | undefined }, ...trail];
  return html`<nav class="crumbs" aria-label="Breadcrumb"><ol>${items.map((it, i) =>
    i === items.length - 1 ? html`<li><span aria-current="page">${it.label}</span></li>` : html`<li><a href="${href(ctx, it.path ?? '')}">${it.label}</a></li>`,
  )}</ol></nav>`;
}

export function names(n: { en: string; zh?: string }): Html {
  return bi(n.en, n.zh);
}
