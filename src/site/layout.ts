/**
 * The page shell every page shares: head (Content-Security-Policy, stylesheet, scripts, feed links, canonical
 * URL), header (brand, search box, language and theme switches), footer. Links inside the site are relative to
 * the page (`../papers/x.html`), so the site works under any sub-path and from any static file server; only the
 * 404 page, which a host serves at any depth, uses the absolute base.
 */
import { joinUrl, urls } from './urls.js';
import { flat, html, raw, type Html } from './html.js';
import { ICONS } from './icons.js';
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
<link rel="icon" href="${a}icon.svg" type="image/svg+xml">
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
  return { header: flat(header), footer: flat(footer) };
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
