/**
 * Feeds of newly added papers — Atom 1.0 (RFC 4287), RSS 2.0 and JSON Feed 1.1 — for the whole catalog, each
 * category (with its sub-categories' papers) and each tag. Pure: catalog entries in, feed text out.
 *
 * - Order: newest `added` first, then newest first version, then file stem, so equal days still sort stably.
 * - Each feed holds the FEED_LIMIT newest papers: a feed announces what is new, the exports hold everything.
 * - Entry ids are the paper's page on the site (siteUrl + urls.paper(stem)): stable while the site stays where it
 *   is, the same in every feed, and a real link (RSS `guid isPermaLink`).
 * - Dates: `added` is a day; it is given as midnight UTC. A feed's `updated` is its newest `added`, not the build
 *   time, so rebuilding an unchanged catalog gives byte-identical feeds.
 * - The summary is the reason to read (English, else Chinese with its language); the HTML content adds the
 *   authors, the venue and links to the paper, its PDF and code, and the paper's page.
 * - Written by hand rather than with a feed library: the one in wide use (`feed`) writes JSON Feed 1.0 only, and
 *   these are fixed templates over escaped text; the tests read every feed with feedparser (Debian's
 *   python3-feedparser) and check Atom's required elements.
 */
import { escapeHtml } from '../render/text.js';
import type { Taxonomy } from '../model/schema.js';
import { flattenCategories } from '../model/taxonomy.js';
import { joinUrl, urls, type FeedScope } from '../site/urls.js';
import { paperLink, pdfLink, reason, type ExportEntry } from './paper.js';
import { dayToDate, escapeXml, rfc3339, rfc822 } from './xml.js';

export const FEED_LIMIT = 50;
/** Authors listed per entry; longer lists end with "et al." (a paper can have thousands). */
export const FEED_AUTHORS = 10;
const GENERATOR = 'papershelf';

export type FeedFormat = 'atom' | 'rss' | 'json';
export const FEED_FORMATS: FeedFormat[] = ['atom', 'rss', 'json'];

export interface FeedItem {
  /** The paper's page on the site: the entry's id and its main link. */
  id: string;
  title: string;
  /** The paper itself (arXiv abstract page, DOI or landing page). */
  external?: string;
  authors: string[];
  added: Date;
  summary?: { text: string; lang: 'en' | 'zh' };
  contentHtml: string;
  categories: { id: string; label: string }[];
  tags: { id: string; label: string }[];
}

export interface Feed {
  scope: FeedScope;
  /** The list's title: the feed's author (the list's maintainers publish it). */
  list: string;
  /** Absolute URL of the site, with a trailing slash. */
  site: string;
  title: string;
  description: string;
  /** The site page this feed follows (home, category or tag page). */
  page: string;
  /** Absolute URL of this feed in each format. */
  self: Record<FeedFormat, string>;
  updated: Date;
  items: FeedItem[];
}

export interface FeedInput {
  taxonomy: Taxonomy;
  entries: ExportEntry[];
  /** Absolute URL of the site, with a trailing slash. */
  siteUrl: string;
  /** Used as `updated` of a catalog with no papers at all. */
  now: Date;
  limit?: number;
}

/** Newest `added` first, then newest first version, then stem. */
export function feedOrder(a: ExportEntry, b: ExportEntry): number {
  const x = a.paper;
  const y = b.paper;
  if (x.added !== y.added) return x.added < y.added ? 1 : -1;
  const dx = x.date ?? '';
  const dy = y.date ?? '';
  if (dx !== dy) return dx < dy ? 1 : -1;
  return a.stem < b.stem ? -1 : a.stem > b.stem ? 1 : 0;
}

function scopeKey(scope: FeedScope): string {
  return scope.kind === 'all' ? 'all' : `${scope.kind}:${scope.id}`;
}

/** Every feed of the catalog: the whole list, then each category in display order, then each tag. */
export function buildFeeds(input: FeedInput): Feed[] {
  const { taxonomy, siteUrl } = input;
  const limit = input.limit ?? FEED_LIMIT;
  const flat = flattenCategories(taxonomy);
  const catLabel = new Map(flat.map((c) => [c.node.id, c.node.name.en]));
  const catPath = new Map(flat.map((c) => [c.node.id, c.path]));
  const tagLabel = new Map((taxonomy.tags ?? []).map((t) => [t.id, t.name.en]));
  const listTitle = taxonomy.title;

  const scopes: { scope: FeedScope; title: string; description: string; page: string }[] = [
    { scope: { kind: 'all' }, title: listTitle, description: taxonomy.description?.en ?? `Papers newly added to ${listTitle}.`, page: joinUrl(siteUrl, urls.home()) },
  ];
  for (const c of flat) {
    scopes.push({ scope: { kind: 'category', id: c.node.id }, title: `${listTitle}: ${c.node.name.en}`, description: c.node.description?.en ?? `Papers newly added to ${listTitle} in ${c.node.name.en}.`, page: joinUrl(siteUrl, urls.category(c.node.id)) });
  }
  // Tags in the taxonomy, then any a paper uses that it does not list (`check` reports those; build still links them).
  const tagIds = new Set(tagLabel.keys());
  for (const e of input.entries) for (const t of e.paper.tags ?? []) tagIds.add(t);
  for (const id of tagIds) {
    const label = tagLabel.get(id) ?? id;
    scopes.push({ scope: { kind: 'tag', id }, title: `${listTitle}: #${label}`, description: `Papers newly added to ${listTitle} with the tag “${label}”.`, page: joinUrl(siteUrl, urls.tag(id)) });
  }

  // One pass over the papers in feed order fills every scope's list up to the limit.
  // Sorted on one precomputed string per paper (dates are fixed-width, so string order is date order).
  const sorted = input.entries
    .map((e) => ({ e, k: `${e.paper.added}|${e.paper.date ?? ''}` }))
    .sort((a, b) => (a.k !== b.k ? (a.k < b.k ? 1 : -1) : a.e.stem < b.e.stem ? -1 : a.e.stem > b.e.stem ? 1 : 0))
    .map((x) => x.e);
  const buckets = new Map<string, ExportEntry[]>(scopes.map((s) => [scopeKey(s.scope), []]));
  const push = (key: string, e: ExportEntry) => {
    const b = buckets.get(key);
    if (b && b.length < limit) b.push(e);
  };
  for (const e of sorted) {
    push('all', e);
    const cats = new Set<string>();
    for (const c of e.paper.categories) for (const id of catPath.get(c) ?? []) cats.add(id);
    for (const id of cats) push(`category:${id}`, e);
    for (const t of new Set(e.paper.tags ?? [])) push(`tag:${t}`, e);
  }

  const newest = sorted[0] ? dayToDate(sorted[0].paper.added) : input.now;
  const itemCache = new Map<string, FeedItem>();
  const item = (e: ExportEntry): FeedItem => {
    let it = itemCache.get(e.stem);
    if (!it) itemCache.set(e.stem, (it = feedItem(e, siteUrl, catLabel, tagLabel)));
    return it;
  };
  return scopes.map((s) => {
    const entries = buckets.get(scopeKey(s.scope))!;
    return {
      ...s,
      list: listTitle,
      site: siteUrl,
      self: { atom: joinUrl(siteUrl, urls.feed(s.scope, 'atom')), rss: joinUrl(siteUrl, urls.feed(s.scope, 'rss')), json: joinUrl(siteUrl, urls.feed(s.scope, 'json')) },
      updated: entries[0] ? dayToDate(entries[0].paper.added) : newest,
      items: entries.map(item),
    };
  });
}

function feedItem(e: ExportEntry, siteUrl: string, catLabel: Map<string, string>, tagLabel: Map<string, string>): FeedItem {
  const p = e.paper;
  const all = p.authors ?? [];
  const authors = all.length > FEED_AUTHORS || (p.et_al && all.length) ? [...all.slice(0, FEED_AUTHORS), 'et al.'] : all;
  const why = reason(p);
  const page = joinUrl(siteUrl, urls.paper(e.stem));
  const external = paperLink(p);
  const html: string[] = [];
  if (why) html.push(`<p${why.lang === 'zh' ? ' lang="zh"' : ''}>${escapeHtml(why.text)}</p>`);
  const facts = [authors.join(', '), [p.venue, p.date].filter(Boolean).join(', ')].filter(Boolean);
  if (facts.length) html.push(`<p>${escapeHtml(facts.join('. ').replace(/\.?$/, '.'))}</p>`);
  const links: string[] = [];
  if (external) links.push(`<a href="${escapeHtml(external)}">${p.arxiv ? `arXiv:${escapeHtml(p.arxiv)}` : 'Paper'}</a>`);
  const pdf = pdfLink(p);
  if (pdf) links.push(`<a href="${escapeHtml(pdf)}">PDF</a>`);
  if (p.links?.code) links.push(`<a href="${escapeHtml(p.links.code)}">Code</a>`);
  if (p.links?.project) links.push(`<a href="${escapeHtml(p.links.project)}">Project</a>`);
  links.push(`<a href="${escapeHtml(page)}">More on this list</a>`);
  html.push(`<p>${links.join(' · ')}</p>`);
  return {
    id: page,
    title: p.title,
    ...(external ? { external } : {}),
    authors,
    added: dayToDate(p.added),
    ...(why ? { summary: why } : {}),
    contentHtml: html.join(''),
    categories: p.categories.map((id) => ({ id, label: catLabel.get(id) ?? id })),
    tags: (p.tags ?? []).map((id) => ({ id, label: tagLabel.get(id) ?? id })),
  };
}

/**
 * The text of one entry in each format, made once per paper: a paper is in up to dozens of feeds (all, its
 * categories and their parents, its tags) and its entry is the same in each.
 */
const atomEntries = new WeakMap<FeedItem, string>();
const rssItems = new WeakMap<FeedItem, string>();
const jsonItems = new WeakMap<FeedItem, object>();
function once<T>(cache: WeakMap<FeedItem, T>, it: FeedItem, make: (it: FeedItem) => T): T {
  let v = cache.get(it);
  if (v === undefined) cache.set(it, (v = make(it)));
  return v;
}

function atomEntry(it: FeedItem, site: string): string {
  const x = escapeXml;
  const catScheme = x(joinUrl(site, 'categories/'));
  const tagScheme = x(joinUrl(site, 'tags/'));
  const out = ['  <entry>', `    <id>${x(it.id)}</id>`, `    <title>${x(it.title)}</title>`, `    <updated>${rfc3339(it.added)}</updated>`, `    <published>${rfc3339(it.added)}</published>`];
  for (const a of it.authors) out.push(`    <author><name>${x(a)}</name></author>`);
  out.push(`    <link rel="alternate" type="text/html" href="${x(it.id)}"/>`);
  if (it.external) out.push(`    <link rel="related" href="${x(it.external)}" title="The paper"/>`);
  for (const c of it.categories) out.push(`    <category term="${x(c.id)}" label="${x(c.label)}" scheme="${catScheme}"/>`);
  for (const t of it.tags) out.push(`    <category term="${x(t.id)}" label="${x(t.label)}" scheme="${tagScheme}"/>`);
  if (it.summary) out.push(`    <summary type="text"${it.summary.lang === 'zh' ? ' xml:lang="zh"' : ''}>${x(it.summary.text)}</summary>`);
  out.push(`    <content type="html">${x(it.contentHtml)}</content>`, '  </entry>');
  return out.join('\n');
}

/** Atom 1.0: feed id/title/updated/author and entry id/title/updated are required (RFC 4287 §4.1). */
export function renderAtom(feed: Feed): string {
  const x = escapeXml;
  const out: string[] = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">',
    `  <id>${x(feed.self.atom)}</id>`,
    `  <title>${x(feed.title)}</title>`,
    `  <subtitle>${x(feed.description)}</subtitle>`,
    `  <updated>${rfc3339(feed.updated)}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${x(feed.self.atom)}"/>`,
    `  <link rel="alternate" type="text/html" href="${x(feed.page)}"/>`,
    `  <author><name>${x(feed.list)}</name><uri>${x(feed.site)}</uri></author>`,
    `  <generator>${GENERATOR}</generator>`,
  ];
  for (const it of feed.items) out.push(once(atomEntries, it, (i) => atomEntry(i, feed.site)));
  out.push('</feed>', '');
  return out.join('\n');
}

function rssItem(it: FeedItem, site: string): string {
  const x = escapeXml;
  const catDomain = x(joinUrl(site, 'categories/'));
  const tagDomain = x(joinUrl(site, 'tags/'));
  const out = ['    <item>', `      <title>${x(it.title)}</title>`, `      <link>${x(it.id)}</link>`, `      <guid isPermaLink="true">${x(it.id)}</guid>`, `      <pubDate>${rfc822(it.added)}</pubDate>`];
  if (it.authors.length) out.push(`      <dc:creator>${x(it.authors.join(', '))}</dc:creator>`);
  for (const c of it.categories) out.push(`      <category domain="${catDomain}">${x(c.id)}</category>`);
  for (const t of it.tags) out.push(`      <category domain="${tagDomain}">${x(t.id)}</category>`);
  // description is HTML (escaped once more as XML text): the reason, then the facts and links.
  out.push(`      <description>${x(it.contentHtml)}</description>`, '    </item>');
  return out.join('\n');
}

/** RSS 2.0, with atom:link rel=self (as validators ask) and dc:creator for the authors (RSS `author` needs an email). */
export function renderRss(feed: Feed): string {
  const x = escapeXml;
  const out: string[] = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    '  <channel>',
    `    <title>${x(feed.title)}</title>`,
    `    <link>${x(feed.page)}</link>`,
    `    <description>${x(feed.description)}</description>`,
    '    <language>en</language>',
    `    <lastBuildDate>${rfc822(feed.updated)}</lastBuildDate>`,
    `    <atom:link href="${x(feed.self.rss)}" rel="self" type="application/rss+xml"/>`,
    `    <generator>${GENERATOR}</generator>`,
    '    <docs>https://www.rssboard.org/rss-specification</docs>',
  ];
  for (const it of feed.items) out.push(once(rssItems, it, (i) => rssItem(i, feed.site)));
  out.push('  </channel>', '</rss>', '');
  return out.join('\n');
}

function jsonItem(it: FeedItem): object {
  return {
    id: it.id,
    url: it.id,
    ...(it.external ? { external_url: it.external } : {}),
    title: it.title,
    ...(it.summary ? { summary: it.summary.text } : {}),
    content_html: it.contentHtml,
    date_published: rfc3339(it.added),
    ...(it.authors.length ? { authors: it.authors.map((name) => ({ name })) } : {}),
    tags: [...new Set([...it.categories.map((c) => c.label), ...it.tags.map((t) => t.label)])],
    ...(it.summary?.lang === 'zh' ? { language: 'zh' } : {}),
  };
}

/** JSON Feed 1.1 (https://jsonfeed.org/version/1.1). */
export function renderJsonFeed(feed: Feed): string {
  const doc = {
    version: 'https://jsonfeed.org/version/1.1',
    title: feed.title,
    home_page_url: feed.page,
    feed_url: feed.self.json,
    description: feed.description,
    language: 'en',
    authors: [{ name: feed.list }],
    items: feed.items.map((it) => once(jsonItems, it, jsonItem)),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

export function renderFeed(feed: Feed, format: FeedFormat): string {
  return format === 'atom' ? renderAtom(feed) : format === 'rss' ? renderRss(feed) : renderJsonFeed(feed);
}
