/** Pieces several pages share: a paper in a list, reasons in both languages, chips, links out. */
import { paperLink, pdfLink } from '../export/paper.js';
import { safeUrl } from '../render/text.js';
import type { Paper } from '../model/schema.js';
import { urls } from './urls.js';
import { flat, html, type Html } from './html.js';
import { bi, t } from './i18n.js';
import { href, type PageCtx, type SiteInfo } from './layout.js';
import type { SiteModel, SitePaper } from './model.js';
import { shortAuthors } from './search-index.js';

/**
 * The reasons to read, English and Chinese; the stylesheet puts the reader's language first. `short` (lists)
 * shows only the reader's language when both exist; paper pages show both.
 */
export function reasons(p: { why?: { en?: string; zh?: string } }, short: boolean): Html {
  const en = p.why?.en?.trim();
  const zh = p.why?.zh?.trim();
  if (!en && !zh) return html``;
  const cls = `why${en && zh ? ' both' : ''}${short ? ' short' : ''}`;
  return html`<div class="${cls}">${en ? html`<p class="why-en" lang="en">${short ? '' : html`<span class="lang-tag" aria-hidden="true">EN</span>`}${en}</p>` : ''}${
    zh ? html`<p class="why-zh" lang="zh-CN">${short ? '' : html`<span class="lang-tag" aria-hidden="true">中文</span>`}${zh}</p>` : ''
  }</div>`;
}

/** Month precision for lists: "2023-05". */
export function shortDate(date: string | undefined): string {
  return date ? date.slice(0, 7) : '';
}

export function categoryChip(ctx: PageCtx, model: SiteModel, id: string): Html {
  const c = model.categories.get(id);
  if (!c) return html`<span class="chip cat">${id}</span>`;
  return html`<a class="chip cat" href="${href(ctx, urls.category(id))}">${bi(c.node.name.en, c.node.name.zh)}</a>`;
}

export function tagChip(ctx: PageCtx, model: SiteModel, id: string): Html {
  const tg = model.tags.get(id);
  return html`<a class="chip" href="${href(ctx, urls.tag(id))}">#${tg ? bi(tg.name.en, tg.name.zh) : id}</a>`;
}

export interface OutLink {
  key: 'abstract' | 'pdf' | 'code' | 'project';
  url: string;
}

/**
 * The paper's links out, each checked to be http(s) (safeUrl): abstract page, PDF, code, project page. Computed once
 * per paper (its page and every list it is on need them; parsing URLs is the costly part).
 */
export function outLinks(p: Paper): OutLink[] {
  let out = linksOf.get(p);
  if (!out) linksOf.set(p, (out = computeOutLinks(p)));
  return out;
}

const linksOf = new WeakMap<Paper, OutLink[]>();

function computeOutLinks(p: Paper): OutLink[] {
  const out: OutLink[] = [];
  const add = (key: OutLink['key'], url: string | undefined) => {
    const safe = safeUrl(url);
    if (safe) out.push({ key, url: safe });
  };
  add('abstract', paperLink(p));
  add('pdf', pdfLink(p));
  add('code', p.links?.code);
  add('project', p.links?.project);
  return out;
}

/** One paper in a list: title, authors, date, venue, the reason, links and chips. */
export function paperItem(ctx: PageCtx, model: SiteModel, sp: SitePaper, opts: { compact?: boolean; showCats?: boolean; added?: boolean } = {}): Html {
  const p = sp.p;
  const links = outLinks(p);
  const meta = [
    p.authors?.length ? html`<span>${shortAuthors(p.authors, p.et_al)}</span>` : '',
    p.date ? html`<time datetime="${p.date}">${shortDate(p.date)}</time>` : '',
    p.venue ? html`<span class="venue">${p.venue}</span>` : '',
    opts.added ? html`<span>${t('added')} <time datetime="${p.added}">${p.added}</time></span>` : '',
  ].filter((x) => x !== '');
  return html`<li class="item">
<a class="item-title" href="${href(ctx, urls.paper(sp.stem))}">${p.title}</a>
<div class="item-meta">${meta.map((m, i) => (i ? html`<span class="sep"></span>${m}` : m))}</div>
${opts.compact ? '' : reasons(p, true)}
${
  opts.compact
    ? opts.showCats
      ? html`<div class="item-links"><span class="chips">${[...new Set(p.categories)].map((c) => categoryChip(ctx, model, c))}</span></div>`
      : ''
    : html`<div class="item-links">${links.map((l) => html`<a href="${l.url}">${t(l.key === 'abstract' ? (p.arxiv ? 'arxiv' : 'abstract') : l.key)}</a>`)}${
        opts.showCats ? html`<span class="chips">${[...new Set(p.categories)].map((c) => categoryChip(ctx, model, c))}</span>` : ''
      }</div>`
}
</li>`;
}

export function paperList(ctx: PageCtx, model: SiteModel, papers: SitePaper[], opts: { compact?: boolean; showCats?: boolean; added?: boolean } = {}): Html {
  const kind = (opts.compact ? 4 : 0) | (opts.showCats ? 2 : 0) | (opts.added ? 1 : 0);
  return html`<ol class="papers${opts.compact ? ' compact' : ''}" role="list">${papers.map((sp) => sharedMarkup(ctx, sp, kind, () => paperItem(ctx, model, sp, opts)))}</ol>`;
}

/** A related paper, as the paper pages list it. */
export function relatedItem(ctx: PageCtx, r: SitePaper): Html {
  return sharedMarkup(ctx, r, RELATED, () => html`<li><a href="${href(ctx, urls.paper(r.stem))}">${r.p.title}</a><span class="muted">${r.p.date ? r.p.date.slice(0, 7) : ''}${r.p.venue ? html` · ${r.p.venue}` : ''}</span></li>`);
}

/**
 * Markup of one paper that several pages include, rendered once per thread and build: a paper sits on about five
 * category and tag pages (in the benchmark's catalogs) and in the related papers of about five others, the same
 * markup each time. `kind` (0–15) names what is rendered; the page's depth is part of the key too (links are
 * relative). Only for catalogs of up to SHARED_MAX_PAPERS: the markup of all their papers fits in memory (1–2 KB an
 * entry). Past that a bounded cache rarely hits, as a paper's pages are far apart in the build, and the entries it
 * drops pile up in the old generation (measured at 100k: 0.3 GB more at the peak, for no time saved).
 */
function sharedMarkup(ctx: PageCtx, sp: SitePaper, kind: number, render: () => Html): Html {
  const depth = ctx.root === './' ? 0 : /^(\.\.\/){1,7}$/.test(ctx.root) ? ctx.root.length / 3 : -1;
  // Not for an absolute root (the 404 page), nor for a big catalog.
  if (depth < 0 || ctx.site.model.papers.length > SHARED_MAX_PAPERS) return render();
  let cache = sharedCaches.get(ctx.site);
  if (!cache) sharedCaches.set(ctx.site, (cache = new Map()));
  const key = sp.n * 128 + depth * 16 + kind;
  let markup = cache.get(key);
  if (!markup) {
    if (cache.size >= SHARED_MAX) cache.clear();
    cache.set(key, (markup = flat(render())));
  }
  return markup;
}

const sharedCaches = new WeakMap<SiteInfo, Map<number, Html>>();
const SHARED_MAX_PAPERS = 20_000;
/** A bound all the same (four kinds of entries per paper at most). */
const SHARED_MAX = 4 * SHARED_MAX_PAPERS;
const RELATED = 8;

/** "1 paper" / "12 papers" in both languages. */
export function countLabel(n: number): Html {
  return html`<span class="l-en">${n.toLocaleString('en-US')} ${n === 1 ? 'paper' : 'papers'}</span><span class="l-zh" lang="zh-CN">${n} 篇论文</span>`;
}
