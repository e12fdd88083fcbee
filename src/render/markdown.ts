/**
 * Pure renderer of the reading list as Markdown: one deterministic string per output file. The layout passes
 * awesome-lint: a title with the badge, "Contents", one `## ` section per top-level category, list items
 * `- [Title][ref] - reason …` where the main link is a reference (a paper may sit in several sections without
 * the duplicate-link rule firing), and the reference definitions at the end of each page.
 */
import GithubSlugger from 'github-slugger';
import { arxivAbsUrl, paperKey } from '../model/ids.js';
import type { CategoryNode, Paper, Resource, Taxonomy } from '../model/schema.js';
import { escapeMarkdown, markdownUrl, safeUrl } from './text.js';

export interface ListInput {
  taxonomy: Taxonomy;
  papers: Paper[];
  resources: Resource[];
}

/** GitHub stops rendering a README past 512 KB; beyond this the list is split into one page per section. */
export const MAX_PAGE_BYTES = 500_000;
export const LIST_FILE = 'reading-list.md';
export const PAGES_DIR = 'reading-list';

interface Item {
  ref: string;
  url: string;
  line: string;
  sortKey: string;
}

function byDateThenTitle(a: Item, b: Item): number {
  return a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0;
}

function paperItem(p: Paper): Item {
  const key = paperKey(p);
  const url = p.arxiv ? arxivAbsUrl(p.arxiv) : p.doi ? `https://doi.org/${p.doi}` : safeUrl(p.url) ?? 'https://example.invalid/';
  const facts = [p.date, p.venue].filter(Boolean).map((s) => escapeMarkdown(s!)).join(' · ');
  const parts: string[] = [];
  if (p.why?.en?.trim()) parts.push(escapeMarkdown(p.why.en));
  if (p.why?.zh?.trim()) parts.push(escapeMarkdown(p.why.zh));
  if (facts) parts.push(`*${facts}*`);
  const links: string[] = [];
  if (p.arxiv) links.push(`[PDF](https://arxiv.org/pdf/${p.arxiv})`);
  const code = safeUrl(p.links?.code);
  if (code) links.push(`[Code](${markdownUrl(code)})`);
  const project = safeUrl(p.links?.project);
  if (project) links.push(`[Project](${markdownUrl(project)})`);
  for (const n of p.notes ?? []) {
    const u = safeUrl(n.url);
    if (u) links.push(`[${escapeMarkdown(n.title)}](${markdownUrl(u)})`);
  }
  if (links.length) parts.push(links.join(' · '));
  const title = escapeMarkdown(p.title);
  return { ref: `p:${key}`, url, line: `- [${title}][p:${key}]${parts.length ? ' - ' + parts.join(' ') : ''}`, sortKey: `${p.date ?? '0000'} ${p.title.toLowerCase()}` };
}

function resourceItem(r: Resource): Item {
  const url = safeUrl(r.url) ?? 'https://example.invalid/';
  const ref = `r:${r.url.replace(/^https?:\/\//, '').slice(0, 60).toLowerCase()}`;
  const parts: string[] = [];
  if (r.why?.en?.trim()) parts.push(escapeMarkdown(r.why.en));
  if (r.why?.zh?.trim()) parts.push(escapeMarkdown(r.why.zh));
  parts.push(`*${r.kind}${r.date ? ' · ' + r.date : ''} · ${r.lang === 'zh' ? '中文' : 'English'}*`);
  return { ref, url, line: `- [${escapeMarkdown(r.title)}][${ref}] - ${parts.join(' ')}`, sortKey: `${r.date ?? '0000'} ${r.title.toLowerCase()}` };
}

interface Section {
  node: CategoryNode;
  depth: number;
  items: Item[];
  /** Distinct entries in this section and below it. */
  count: number;
  children: Section[];
}

/** The sections of one input, shared by the list and the README block (rendering the items is the costly part). */
const sectionsOf = new WeakMap<ListInput, Section[]>();

function buildSections(input: ListInput): Section[] {
  let sections = sectionsOf.get(input);
  if (!sections) sectionsOf.set(input, (sections = computeSections(input)));
  return sections;
}

function computeSections(input: ListInput): Section[] {
  const byCategory = new Map<string, Item[]>();
  const push = (c: string, item: Item) => {
    const list = byCategory.get(c);
    if (list) list.push(item);
    else byCategory.set(c, [item]);
  };
  for (const p of input.papers) {
    const item = paperItem(p);
    for (const c of p.categories) push(c, item);
  }
  for (const r of input.resources) {
    const item = resourceItem(r);
    for (const c of r.categories) push(c, item);
  }
  const build = (nodes: CategoryNode[], depth: number): Section[] =>
    nodes.map((node) => {
      const items = (byCategory.get(node.id) ?? []).sort(byDateThenTitle);
      const children = build(node.children ?? [], depth + 1);
      const refs = new Set(items.map((i) => i.ref));
      const collect = (ss: Section[]) => ss.forEach((s) => (s.items.forEach((i) => refs.add(i.ref)), collect(s.children)));
      collect(children);
      return { node, depth, items, children, count: refs.size };
    });
  return build(input.taxonomy.categories, 0);
}

function heading(s: Section, level: number): string {
  return `${'#'.repeat(Math.min(level, 6))} ${escapeHeading(s.node.name.en)}`;
}

function escapeHeading(text: string): string {
  return escapeMarkdown(text).replace(/\\([()])/g, '$1');
}

function sectionBody(s: Section, level: number, refs: Map<string, string>): string[] {
  const out: string[] = [heading(s, level), ''];
  const sub = [s.node.name.zh, s.node.description?.en, s.node.description?.zh].filter(Boolean).map((t) => escapeMarkdown(t!));
  if (sub.length) out.push(`*${sub.join(' · ')}*`, '');
  if (s.items.length) {
    for (const item of s.items) {
      out.push(item.line);
      refs.set(item.ref, item.url);
    }
    out.push('');
  }
  for (const c of s.children) for (const line of sectionBody(c, level + 1, refs)) out.push(line);
  return out;
}

/** Contents: two levels (awesome-lint's limit); deeper sections still get their slug so anchors stay right. */
function tocLines(sections: Section[], slugger: GithubSlugger, depth = 0): string[] {
  const out: string[] = [];
  for (const s of sections) {
    const anchor = slugger.slug(s.node.name.en);
    if (depth < 2) out.push(`${'  '.repeat(depth)}- [${escapeHeading(s.node.name.en)}](#${anchor})`);
    out.push(...tocLines(s.children, slugger, depth + 1));
  }
  return out;
}

function definitions(refs: Map<string, string>): string[] {
  // The default sort orders strings by UTF-16 units, as `<` does, without calling back into JavaScript.
  return [...refs.keys()].sort().map((ref) => `[${ref}]: ${markdownUrl(refs.get(ref)!)}`);
}

function header(input: ListInput, counts: { papers: number; sections: number }): string[] {
  const t = input.taxonomy;
  const out = [`# ${escapeHeading(t.title)} [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)`, ''];
  if (t.description?.en) out.push(`> ${escapeMarkdown(t.description.en)}`, '');
  if (t.description?.zh) out.push(`> ${escapeMarkdown(t.description.zh)}`, '');
  out.push(`*${counts.papers} papers in ${counts.sections} sections. Generated by papershelf from the catalog: edit the YAML files in catalog/, not this file.*`, '');
  return out;
}

/** Renders the list. Returns file name (relative to the output folder) → content. */
export function renderList(input: ListInput): Map<string, string> {
  const sections = buildSections(input);
  const counts = { papers: input.papers.length, sections: sections.length };
  // The document heading counts in GitHub's anchors too: slug it first.
  const headerSlugs = (s: GithubSlugger) => {
    s.slug(input.taxonomy.title + ' ');
    s.slug('Contents');
  };
  const slugger = new GithubSlugger();
  headerSlugs(slugger);
  const refs = new Map<string, string>();
  const lines = [...header(input, counts), '## Contents', '', ...tocLines(sections, slugger), ''];
  for (const s of sections) for (const line of sectionBody(s, 2, refs)) lines.push(line);
  for (const line of definitions(refs)) lines.push(line);
  lines.push('');
  // Measured line by line: a 100k-paper list is not joined into one string only to learn it is too large. A line
  // has at least as many UTF-8 bytes as UTF-16 units, so counting units is enough to know that a list is too large.
  let units = lines.length - 1;
  for (const line of lines) units += line.length;
  if (units <= MAX_PAGE_BYTES) {
    let bytes = lines.length - 1;
    for (const line of lines) bytes += Buffer.byteLength(line);
    if (bytes <= MAX_PAGE_BYTES) return new Map([[LIST_FILE, lines.join('\n')]]);
  }

  // Split: an index page and one page per top-level category.
  const files = new Map<string, string>();
  const index = [...header(input, counts), '## Contents', ''];
  for (const s of sections) {
    const page = `${PAGES_DIR}/${s.node.id}.md`;
    index.push(`- [${escapeHeading(s.node.name.en)}](${page}) (${s.count})`);
    const pageRefs = new Map<string, string>();
    const content = [`# ${escapeHeading(s.node.name.en)}`, '', `[← ${escapeHeading(input.taxonomy.title)}](../${LIST_FILE})`, '', ...sectionBody(s, 2, pageRefs).slice(2), ...definitions(pageRefs), ''];
    files.set(page, content.join('\n'));
  }
  index.push('');
  files.set(LIST_FILE, index.join('\n'));
  return files;
}

/** The block the build writes between the markers of a README: counts per section and a link to the list. */
export function renderReadmeBlock(input: ListInput, listPath: string): string {
  const sections = buildSections(input);
  const slugger = new GithubSlugger();
  slugger.slug(input.taxonomy.title + ' ');
  slugger.slug('Contents');
  const anchors = new Map<string, string>();
  const walk = (ss: Section[]) => ss.forEach((s) => (anchors.set(s.node.id, slugger.slug(s.node.name.en)), walk(s.children)));
  walk(sections);
  const lines = [`**${input.papers.length} papers** in the [reading list](${listPath}):`, ''];
  const rows = (ss: Section[], indent: string) => {
    for (const s of ss) {
      lines.push(`${indent}- [${escapeHeading(s.node.name.en)}${s.node.name.zh ? ' · ' + escapeMarkdown(s.node.name.zh) : ''}](${listPath}#${anchors.get(s.node.id)}) (${s.count})`);
      rows(s.children, indent + '  ');
    }
  };
  rows(sections, '');
  return lines.join('\n');
}

export const README_START = '<!-- papershelf:list:start -->';
export const README_END = '<!-- papershelf:list:end -->';

/** Replaces the text between the markers; returns undefined when the README has no markers. */
export function fillReadme(readme: string, block: string): string | undefined {
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start) return undefined;
  return `${readme.slice(0, start + README_START.length)}\n${block}\n${readme.slice(end)}`;
}
