/** The page renderers: pure functions from the site model to one HTML string each. */
import { html, jsonScript, type Html } from './html.js';
import { bi, biAttr, STRINGS, t, type StringKey } from './i18n.js';
import { ICONS } from './icons.js';
import { crumbs, href, layout, names, searchForm, type Feed, type PageCtx } from './layout.js';
import type { SiteCategory, SitePaper, SiteTag } from './model.js';
import { categoryChip, countLabel, outLinks, paperList, reasons, relatedItem, tagChip } from './components.js';
import { chartData, chartSvg, chartTable } from './chart.js';
import { urls } from './urls.js';
import { safeUrl } from '../render/text.js';
import type { Resource } from '../model/schema.js';

/** Papers per category or tag page; longer lists continue on 2.html, 3.html… */
export const PAGE_SIZE = 100;
/** Papers in "Recently added" on the home page. */
export const RECENT = 12;

const EXPORTS = [
  ['bibtex', 'BibTeX'],
  ['ris', 'RIS'],
  ['csl-json', 'CSL-JSON'],
  ['csv', 'CSV'],
  ['json', 'JSON'],
] as const;

function treeList(ctx: PageCtx, cats: SiteCategory[]): Html {
  return html`<ul>${cats.map(
    (c) => html`<li><a href="${href(ctx, urls.category(c.id))}"><span>${names(c.node.name)}</span><span class="count">${c.papers.length}</span></a>${c.children.length ? treeList(ctx, c.children) : ''}</li>`,
  )}</ul>`;
}

export function homePage(ctx: PageCtx): string {
  const { model } = ctx.site;
  const tax = model.taxonomy;
  const recent = [...model.papers].sort((a, b) => (a.p.added === b.p.added ? a.n - b.n : a.p.added < b.p.added ? 1 : -1)).slice(0, RECENT);
  const updated = recent[0]?.p.added;
  const chart = chartData(model);
  const tags = [...model.tags.values()].filter((tg) => tg.papers.length).sort((a, b) => b.papers.length - a.papers.length || (a.id < b.id ? -1 : 1));
  const desc = tax.description;
  const body = html`<section class="hero">
<h1>${tax.title}</h1>
${desc?.en || desc?.zh ? html`<p class="lede">${bi(desc.en ?? desc.zh!, desc.zh)}</p>` : ''}
${searchForm(ctx, 'home-q', true)}
<p class="stats"><span><strong>${model.papers.length.toLocaleString('en-US')}</strong> ${t('papers')}</span><span><strong>${model.categories.size}</strong> ${t('catCount')}</span><span><strong>${tags.length}</strong> ${t('tagCount')}</span>${
    updated ? html`<span>${t('updated')} <time datetime="${updated}">${updated}</time></span>` : ''
  }</p>
</section>
<div class="home-grid">
<section aria-labelledby="h-cats">
<div class="section-head"><h2 id="h-cats">${t('categories')}</h2></div>
<nav class="tree" aria-labelledby="h-cats">${treeList(ctx, model.tree)}</nav>
</section>
<section aria-labelledby="h-recent">
<div class="section-head"><h2 id="h-recent">${t('recentlyAdded')}</h2><a href="${href(ctx, urls.search())}?sort=added">${t('allRecent')} →</a></div>
${paperList(ctx, model, recent, { compact: true, showCats: true, added: true })}
</section>
</div>
${
  chart.years.length
    ? html`<section class="panel" aria-labelledby="h-chart">
<div class="section-head"><h2 id="h-chart">${t('perYear')}</h2></div>
<p class="muted">${t('perYearNote')}</p>
<div class="chart">${chartSvg(chart)}</div>
<details class="chart-table"><summary>${t('showTable')}</summary>${chartTable(chart)}</details>
</section>`
    : ''
}
${
  tags.length
    ? html`<section class="panel" aria-labelledby="h-tags">
<div class="section-head"><h2 id="h-tags">${t('tags')}</h2></div>
<ul class="chips">${tags.map((tg) => html`<li><a class="chip" href="${href(ctx, urls.tag(tg.id))}">#${names(tg.name)} <span class="muted">${tg.papers.length}</span></a></li>`)}</ul>
</section>`
    : ''
}
<section class="panel" id="downloads" aria-labelledby="h-dl">
<div class="section-head"><h2 id="h-dl">${t('downloads')}</h2></div>
<ul class="downloads">${EXPORTS.map(([f, label]) => html`<li><a class="btn" href="${href(ctx, urls.export(f))}">${ICONS.download}${label}</a></li>`)}
<li><a class="btn" href="${href(ctx, urls.feed({ kind: 'all' }, 'atom'))}">${ICONS.feed}${t('feed')}</a></li></ul>
</section>`;
  return layout(ctx, { title: tax.title, description: desc?.en ?? desc?.zh ?? `${model.papers.length} papers`, body, headerSearch: false });
}

function pager(ctx: PageCtx, basePath: string, page: number, pages: number): Html {
  if (pages <= 1) return html``;
  const at = (p: number) => href(ctx, listPagePath(basePath, p));
  return html`<nav class="pager" aria-label="Pages">${page > 1 ? html`<a rel="prev" href="${at(page - 1)}">← ${t('previous')}</a>` : ''}<span><span class="l-en">Page ${page} of ${pages}</span><span class="l-zh" lang="zh-CN">第 ${page} 页，共 ${pages} 页</span></span>${
    page < pages ? html`<a rel="next" href="${at(page + 1)}">${t('next')} →</a>` : ''
  }</nav>`;
}

function resourceList(resources: Resource[]): Html {
  if (!resources.length) return html``;
  return html`<section class="panel" aria-labelledby="h-res">
<div class="section-head"><h2 id="h-res">${t('resources')}</h2></div>
<ul class="papers" role="list">${resources.map((r) => {
    const url = safeUrl(r.url);
    return html`<li class="item"><${url ? 'a' : 'span'} class="item-title"${url ? html` href="${url}"` : ''} lang="${r.lang === 'zh' ? 'zh-CN' : 'en'}">${r.title}</${url ? 'a' : 'span'}>
<div class="item-meta"><span>${r.kind}</span>${r.date ? html`<span class="sep"></span><span>${r.date}</span>` : ''}<span class="sep"></span><span>${r.lang === 'zh' ? '中文' : 'English'}</span></div>
${reasons(r, true)}</li>`;
  })}</ul>
</section>`;
}

/** Number of pages of a list: /categories/<id>/, then /categories/<id>/2.html … */
export function pageCount(papers: number): number {
  return Math.max(1, Math.ceil(papers / PAGE_SIZE));
}

export function listPagePath(basePath: string, page: number): string {
  return page === 1 ? basePath : `${basePath}${page}.html`;
}

/** One page of a category's list. */
export function categoryPage(ctxFor: (path: string) => PageCtx, c: SiteCategory, page: number): string {
  const basePath = urls.category(c.id);
  const pages = pageCount(c.papers.length);
  const path = listPagePath(basePath, page);
  const ctx = ctxFor(path);
  const { model } = ctx.site;
  const trail = c.flat.path.slice(0, -1).map((id) => ({ label: names(model.categories.get(id)!.node.name), path: urls.category(id) }));
  const feed: Feed = { title: `${c.node.name.en} (Atom)`, path: urls.feed({ kind: 'category', id: c.id }, 'atom') };
  {
    const slice = c.papers.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
    const d = c.node.description;
    const body = html`${crumbs(ctx, [...trail, { label: names(c.node.name) }])}
<header class="page-head">
<h1>${names(c.node.name)}</h1>
${d?.en || d?.zh ? html`<p class="desc">${bi(d.en ?? d.zh!, d.zh)}</p>` : ''}
<div class="page-actions"><span>${countLabel(c.papers.length)}</span>
<a href="${href(ctx, urls.search())}?cat=${encodeURIComponent(c.id)}">${t('filterSort')} →</a>
<a class="btn" href="${href(ctx, feed.path)}">${ICONS.feed}${t('feedOf')}</a></div>
</header>
${c.children.length ? html`<nav class="subcats" aria-label="Sub-categories"><ul class="chips">${c.children.map((ch) => html`<li><a class="chip cat" href="${href(ctx, urls.category(ch.id))}">${names(ch.node.name)} <span class="muted">${ch.papers.length}</span></a></li>`)}</ul></nav>` : ''}
<div class="list-head"><h2>${t('newestFirst')}</h2>${pages > 1 ? html`<span class="muted"><span class="l-en">Page ${page} of ${pages}</span><span class="l-zh" lang="zh-CN">第 ${page} / ${pages} 页</span></span>` : ''}</div>
${paperList(ctx, model, slice, { showCats: c.children.length > 0 })}
${pager(ctx, basePath, page, pages)}
${page === 1 ? resourceList(c.resources) : ''}`;
    return layout(ctx, { title: c.node.name.en, ...(c.node.name.zh ? { titleZh: c.node.name.zh } : {}), description: d?.en ?? `${c.papers.length} papers in ${c.node.name.en}`, body, feeds: [feed] });
  }
}

/** One page of a tag's list. */
export function tagPage(ctxFor: (path: string) => PageCtx, tg: SiteTag, page: number): string {
  const basePath = urls.tag(tg.id);
  const pages = pageCount(tg.papers.length);
  const ctx = ctxFor(listPagePath(basePath, page));
  const { model } = ctx.site;
  const feed: Feed = { title: `#${tg.name.en} (Atom)`, path: urls.feed({ kind: 'tag', id: tg.id }, 'atom') };
  {
    const body = html`${crumbs(ctx, [{ label: t('tags'), path: `${urls.home()}#h-tags` }, { label: html`#${names(tg.name)}` }])}
<header class="page-head">
<h1>#${names(tg.name)}</h1>
<div class="page-actions"><span>${countLabel(tg.papers.length)}</span>
<a href="${href(ctx, urls.search())}?tag=${encodeURIComponent(tg.id)}">${t('filterSort')} →</a>
<a class="btn" href="${href(ctx, feed.path)}">${ICONS.feed}${t('feedOf')}</a></div>
</header>
<div class="list-head"><h2>${t('newestFirst')}</h2></div>
${paperList(ctx, model, tg.papers.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE), { showCats: true })}
${pager(ctx, basePath, page, pages)}`;
    return layout(ctx, { title: `#${tg.name.en}`, ...(tg.name.zh ? { titleZh: `#${tg.name.zh}` } : {}), description: `${tg.papers.length} papers tagged ${tg.name.en}`, body, feeds: [feed] });
  }
}

/** Citation meta tags (Highwire Press), read by Zotero's connector and Google Scholar. */
export function citationMeta(sp: SitePaper, pdf: string | undefined): Html {
  const p = sp.p;
  const date = p.date ? p.date.replace(/-/g, '/') : undefined;
  return html`<meta name="citation_title" content="${p.title}">
${(p.authors ?? []).map((a) => html`<meta name="citation_author" content="${a}">\n`)}${date ? html`<meta name="citation_publication_date" content="${date}">\n<meta name="citation_date" content="${date}">\n` : ''}${
    p.arxiv ? html`<meta name="citation_arxiv_id" content="${p.arxiv}">\n` : ''
  }${p.doi ? html`<meta name="citation_doi" content="${p.doi}">\n` : ''}${pdf ? html`<meta name="citation_pdf_url" content="${pdf}">\n` : ''}${
    p.venue ? html`<meta name="citation_conference_title" content="${p.venue}">\n` : ''
  }`;
}

export function paperPage(ctx: PageCtx, sp: SitePaper, related: SitePaper[], bibtex: string): string {
  const { model } = ctx.site;
  const p = sp.p;
  const links = outLinks(p);
  const pdf = links.find((l) => l.key === 'pdf')?.url;
  const first = model.categories.get(p.categories[0]!);
  const trail = first ? first.flat.path.map((id) => ({ label: names(model.categories.get(id)!.node.name), path: urls.category(id) })) : [];
  const authors = p.authors ?? [];
  const LONG = 24;
  const authorLine = authors.length <= LONG ? authors.join(', ') + (p.et_al ? ', et al.' : '') : undefined;
  const idLabel = p.arxiv ? html`<a href="https://arxiv.org/abs/${p.arxiv}">${p.arxiv}</a>` : p.doi ? html`${p.doi}` : '';
  const body = html`${crumbs(ctx, [...trail, { label: html`<span class="l-en">This paper</span><span class="l-zh" lang="zh-CN">本文</span>` }])}
<article>
<header class="paper-head">
<h1>${p.title}</h1>
${
  authors.length
    ? authorLine !== undefined
      ? html`<p class="authors">${authorLine}</p>`
      : html`<p class="authors">${authors.slice(0, LONG).join(', ')}</p><details class="authors"><summary><span class="l-en">${authors.length - LONG} more authors</span><span class="l-zh" lang="zh-CN">另外 ${authors.length - LONG} 位作者</span></summary><p>${authors.slice(LONG).join(', ')}${p.et_al ? ', et al.' : ''}</p></details>`
    : ''
}
<dl class="facts">
${p.date ? html`<div><dt>${t('published')}</dt><dd><time datetime="${p.date}">${p.date}</time></dd></div>` : ''}
${p.venue ? html`<div><dt>${t('venue')}</dt><dd>${p.venue}</dd></div>` : ''}
${idLabel ? html`<div><dt>${p.arxiv ? 'arXiv' : 'DOI'}</dt><dd>${idLabel}</dd></div>` : ''}
<div><dt>${t('added')}</dt><dd><time datetime="${p.added}">${p.added}</time></dd></div>
</dl>
<div class="actions">${links.map((l, i) => html`<a class="btn${i === 0 ? ' primary' : ''}" href="${l.url}">${t(l.key)}${ICONS.external}</a>`)}</div>
</header>
<div class="paper-body">
<div>
${p.why?.en?.trim() || p.why?.zh?.trim() ? html`<section aria-labelledby="h-why"><h2 id="h-why">${t('whyRead')}</h2>${reasons(p, false)}</section>` : ''}
${
  p.notes?.length
    ? html`<section aria-labelledby="h-notes"><h2 id="h-notes">${t('notes')}</h2><ul class="notes">${p.notes.map((n) => {
        const url = safeUrl(n.url);
        const lang = n.lang === 'zh' ? 'zh-CN' : 'en';
        return html`<li>${url ? html`<a href="${url}" lang="${lang}">${n.title}</a>` : html`<span lang="${lang}">${n.title}</span>`} <span class="chip">${n.lang === 'zh' ? '中文' : 'English'}</span></li>`;
      })}</ul></section>`
    : ''
}
<section class="cite" aria-labelledby="h-cite"><h2 id="h-cite">${t('cite')}</h2>
<button class="btn" type="button" data-copy="bibtex-${sp.n}" hidden>${ICONS.copy}<span class="copy-label">${t('copyBibtex')}</span><span class="copy-done" hidden>${t('copied')}</span></button>
<span class="copy-status sr-only" role="status" aria-live="polite"></span>
<details open><summary>BibTeX</summary><pre id="bibtex-${sp.n}" tabindex="0" aria-label="BibTeX">${bibtex}</pre></details>
</section>
</div>
<aside class="aside">
<section aria-labelledby="h-in"><h2 id="h-in">${t('onThisList')}</h2>
<p class="chips">${[...new Set(p.categories)].map((c) => categoryChip(ctx, model, c))}</p>
${p.tags?.length ? html`<p class="chips">${[...new Set(p.tags)].map((tg) => tagChip(ctx, model, tg))}</p>` : ''}
</section>
${
  related.length
    ? html`<section aria-labelledby="h-rel"><h2 id="h-rel">${t('related')}</h2><ul class="side-list">${related.map((r) => relatedItem(ctx, r))}</ul></section>`
    : ''
}
</aside>
</div>
</article>`;
  const description = p.why?.en?.trim() || p.why?.zh?.trim() || `${p.title}`;
  return layout(ctx, { title: p.title, description: description.slice(0, 300), body, head: citationMeta(sp, pdf) });
}

function biText(key: StringKey): Html {
  const [en, zh] = STRINGS[key];
  return html`data-i18n="text" data-en-text="${en}" data-zh-text="${zh}"`;
}

/** The filter form of the search page, rendered here so names come in both languages; JavaScript fills counts. */
function filterControls(ctx: PageCtx): Html {
  const { model } = ctx.site;
  const years = model.papers.map((sp) => sp.year).filter((y): y is number => y !== undefined);
  const min = years.length ? Math.min(...years) : 1990;
  const max = years.length ? Math.max(...years) : new Date().getFullYear();
  const tags = [...model.tags.values()].filter((tg) => tg.papers.length).sort((a, b) => (a.name.en.toLowerCase() < b.name.en.toLowerCase() ? -1 : 1));
  return html`<fieldset><legend>${t('categories')}</legend><ul class="cat-list">${[...model.categories.values()].map(
    (c) => html`<li class="d${c.flat.depth}"><label><input type="checkbox" name="cat" value="${c.id}"><span>${names(c.node.name)}</span><span class="n"></span></label></li>`,
  )}</ul></fieldset>
<fieldset><legend>${t('yearRange')}</legend><div class="years"><label><span class="sr-only">${t('from')}</span><input type="number" name="from" inputmode="numeric" min="${min}" max="${max}" placeholder="${min}"></label><span aria-hidden="true">–</span><label><span class="sr-only">${t('to')}</span><input type="number" name="to" inputmode="numeric" min="${min}" max="${max}" placeholder="${max}"></label></div></fieldset>
<fieldset><legend><label for="f-tag">${t('tag')}</label></legend><select name="tag" id="f-tag"><option value="" ${biText('anyTag')}>${STRINGS.anyTag[0]}</option>${tags.map(
    (tg) => html`<option value="${tg.id}" data-i18n="text" data-en-text="${tg.name.en} (${tg.papers.length})" data-zh-text="${tg.name.zh ?? tg.name.en} (${tg.papers.length})">${tg.name.en} (${tg.papers.length})</option>`,
  )}</select></fieldset>
<fieldset><legend class="sr-only">${t('hasCode')}</legend><label class="check"><input type="checkbox" name="code" value="1"> ${t('hasCode')}</label></fieldset>
<button class="btn clear" type="button">${t('clear')}</button>`;
}

/** The search page; `indexDir` is the folder of this build's search index, relative to the root. */
export function searchPage(ctx: PageCtx, indexDir: string): string {
  const { site } = ctx;
  const labels = {
    cats: Object.fromEntries([...site.model.categories.values()].map((c) => [c.id, [c.node.name.en, c.node.name.zh ?? c.node.name.en]])),
    strings: Object.fromEntries((['indexError', 'noResults', 'showMore', 'loading'] as const).map((k) => [k, STRINGS[k]])),
  };
  const body = html`<h1 class="sr-only">${t('search')}</h1>
<div class="search-page" id="search-app" data-index="${href(ctx, indexDir)}" data-root="${ctx.root}">
<div class="search-head">
<div class="search-box" role="search">
<label class="sr-only" for="q">${t('searchLabel')}</label>
${ICONS.search}<input class="search-input" id="q" name="q" type="search" autocomplete="off" spellcheck="false" ${biAttr('placeholder', 'searchPlaceholder')} data-i18n="placeholder">
<kbd aria-hidden="true">/</kbd>
</div>
<div class="result-bar"><span id="result-count" role="status" aria-live="polite"></span><span class="bar-tools"><button class="btn filter-toggle" type="button" aria-expanded="false" aria-controls="filters" hidden>${t('filters')}</button><label class="sort" hidden><span>${t('sort')}</span> <select id="sort">${(
    [
      ['relevance', 'sortRelevance'],
      ['date', 'sortDate'],
      ['added', 'sortAdded'],
      ['title', 'sortTitle'],
    ] as const
  ).map(([v, k]) => html`<option value="${v}" ${biText(k)}>${STRINGS[k][0]}</option>`)}</select></label></span></div>
<noscript><p>${t('noJs')} <a href="${href(ctx, urls.home())}">${t('categories')}</a></p></noscript>
</div>
<form class="filters" id="filters" data-collapsed="true" aria-label="Filters" hidden>${filterControls(ctx)}</form>
<div class="results" id="results"><p class="status" id="search-status" hidden>${t('loading')}</p></div>
</div>
<script type="application/json" id="search-labels">${jsonScript(labels)}</script>`;
  return layout(ctx, { title: 'Search', titleZh: '搜索', description: `Search ${site.model.papers.length} papers`, body, headerSearch: false });
}

export function notFoundPage(ctx: PageCtx): string {
  const body = html`<section class="notfound"><h1>${t('notFound')}</h1><p>${t('notFoundText')}</p>${searchForm(ctx, 'nf-q', true)}<p><a href="${href(ctx, urls.home())}">← ${t('home')}</a></p></section>`;
  return layout(ctx, { title: 'Page not found', titleZh: '页面不存在', body, headerSearch: false });
}
