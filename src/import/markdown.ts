/**
 * Pure importer of awesome-list style Markdown: text in, sections and entry drafts out, never throws on odd input.
 *
 * Understands three layouts, also mixed in one file:
 * - field lists (the seed): `- **Paper**:[Title](url)`, `- **year**:2023/05`, `- **summary/reason to read**: …`,
 *   `- **blog**:[Title](url)`, grouped into one record per `Paper`/`blog` field;
 * - link items: `- [Title](url) - description`, `* [Dec 2023] **"Title."** *Authors* [[paper](url)] [[code](url)]`;
 * - table rows: any row with a link to a paper.
 * Headings become categories when they hold entries or are empty placeholders; a heading that only labels one
 * record (`## DPO` above its `- **Paper**:` lines) is not a category. Anything else is reported by line.
 */
import type { Heading, List, ListItem, PhrasingContent, Root, RootContent, Table, TableRow } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';
import { arxivIdInUrl, arxivMonth, parseRef } from '../model/ids.js';

export interface DraftNote {
  title: string;
  url: string;
  lang: 'en' | 'zh';
}

export interface DraftEntry {
  kind: 'paper' | 'resource';
  line: number;
  title: string;
  /** The title was taken from a heading because the link text was a bare URL. */
  titleFromHeading?: boolean;
  url: string;
  arxiv?: string;
  doi?: string;
  date?: string;
  why: { en?: string; zh?: string };
  notes: DraftNote[];
  code?: string;
  project?: string;
  /** Index into `sections`; undefined when the entry stands before any heading. */
  section?: number;
}

export interface DraftSection {
  name: string;
  line: number;
  depth: number;
  /** Index of the parent section in `sections`. */
  parent?: number;
}

export interface MarkdownImport {
  title?: string;
  sections: DraftSection[];
  entries: DraftEntry[];
  /** Lines that looked like items but held nothing usable, with the reason. */
  unused: { line: number; text: string; reason: string }[];
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const FIELD_NAMES: Record<string, 'paper' | 'blog' | 'year' | 'why' | 'code' | 'note'> = {
  paper: 'paper', blog: 'blog', article: 'blog', post: 'blog', year: 'year', date: 'year',
  'summary/reason to read': 'why', summary: 'why', reason: 'why', 'reason to read': 'why', why: 'why', description: 'why',
  code: 'code', github: 'code', note: 'note', notes: 'note',
};
const GENERIC_LINK_TEXT = /^(paper|pdf|arxiv|link|abs|abstract|code|github|project( page)?|website|blog|openreview|acl|论文|链接)$/i;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const TOC_HEADING = /^(contents|table of contents?|目录)$/i;

interface HeadingBlock {
  heading?: Heading;
  name: string;
  depth: number;
  line: number;
  content: RootContent[];
  children: HeadingBlock[];
}

export function importMarkdown(text: string): MarkdownImport {
  const tree = fromMarkdown(text, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
  const root = buildHeadingTree(tree);
  const result: MarkdownImport = { sections: [], entries: [], unused: [] };

  // A single leading depth-1 heading is the list's title, not a section.
  let tops = root.children;
  const h1s = tops.filter((b) => b.depth === 1);
  if (h1s.length === 1 && tops[0] === h1s[0] && tops.length === 1) {
    result.title = h1s[0]!.name;
    root.content.push(...h1s[0]!.content);
    tops = h1s[0]!.children;
  }
  collectItems(root.content, undefined, result);
  for (const block of tops) visitBlock(block, undefined, true, result);
  return result;
}

function buildHeadingTree(tree: Root): HeadingBlock {
  const root: HeadingBlock = { name: '', depth: 0, line: 1, content: [], children: [] };
  const stack: HeadingBlock[] = [root];
  for (const node of tree.children) {
    if (node.type === 'heading') {
      const block: HeadingBlock = { heading: node, name: cleanHeading(inlineText(node.children)), depth: node.depth, line: node.position?.start.line ?? 0, content: [], children: [] };
      while (stack.length > 1 && stack.at(-1)!.depth >= node.depth) stack.pop();
      stack.at(-1)!.children.push(block);
      stack.push(block);
    } else {
      stack.at(-1)!.content.push(node);
    }
  }
  return root;
}

/** Does this heading block, or anything under it, hold an entry? */
function hasEntries(block: HeadingBlock): boolean {
  const probe: MarkdownImport = { sections: [], entries: [], unused: [] };
  collectItems(block.content, undefined, probe);
  return probe.entries.length > 0 || block.children.some(hasEntries);
}

function visitBlock(block: HeadingBlock, parent: number | undefined, top: boolean, out: MarkdownImport): void {
  if (TOC_HEADING.test(block.name)) return;
  const own: MarkdownImport = { sections: [], entries: [], unused: [] };
  collectItems(block.content, undefined, own);
  const isEmpty = block.content.length === 0 && block.children.length === 0;
  // A heading that only labels one record sits inside its parent section.
  if (!top && block.children.length === 0 && own.entries.length === 1 && isFieldRecord(block.content)) {
    const entry = own.entries[0]!;
    if (entry.titleFromHeading !== false && /^https?:\/\//.test(entry.title)) {
      entry.title = block.name;
      entry.titleFromHeading = true;
    }
    out.entries.push({ ...entry, ...(parent !== undefined ? { section: parent } : {}) });
    return;
  }
  if (!isEmpty && !hasEntries(block)) {
    // Prose, link collections without papers: report the items, make no category.
    out.unused.push(...own.unused);
    for (const child of block.children) visitBlock(child, parent, false, out);
    return;
  }
  const index = out.sections.length;
  out.sections.push({ name: block.name, line: block.line, depth: block.depth, ...(parent !== undefined ? { parent } : {}) });
  for (const e of own.entries) out.entries.push({ ...e, section: index });
  out.unused.push(...own.unused);
  for (const child of block.children) visitBlock(child, index, false, out);
}

function isFieldRecord(content: RootContent[]): boolean {
  return content.some((n) => n.type === 'list' && n.children.some((li) => fieldOf(li) !== undefined));
}

/** Walks the content of one section: lists (also nested) and tables. */
function collectItems(content: RootContent[], section: number | undefined, out: MarkdownImport): void {
  let record: DraftEntry | undefined;
  const flush = () => {
    if (record) out.entries.push(record);
    record = undefined;
  };
  const walkList = (list: List) => {
    for (const item of list.children) {
      const field = fieldOf(item);
      if (field) {
        const r = applyField(record, field, item);
        if (r.startsNew) {
          flush();
          record = r.entry;
        } else if (!record) {
          out.unused.push({ line: lineOf(item), text: itemText(item), reason: `a "${field.name}" field with no Paper above it` });
        }
        continue;
      }
      flush();
      const paragraph = item.children.find((c) => c.type === 'paragraph');
      if (paragraph && paragraph.type === 'paragraph') {
        const entry = linkItem(paragraph.children, lineOf(item));
        if (entry) out.entries.push({ ...entry, ...(section !== undefined ? { section } : {}) });
        else if (!isTocItem(paragraph.children)) out.unused.push({ line: lineOf(item), text: itemText(item), reason: 'no link to a paper (arXiv, DOI, PDF, OpenReview, ACL Anthology)' });
      }
      for (const child of item.children) if (child.type === 'list') walkList(child);
    }
  };
  for (const node of content) {
    if (node.type === 'list') walkList(node);
    else if (node.type === 'table') {
      flush();
      tableRows(node, out);
    }
  }
  flush();
}

function tableRows(table: Table, out: MarkdownImport): void {
  const [head, ...rows] = table.children;
  const dateColumn = head ? head.children.findIndex((c) => /date|time|year|日期|时间/i.test(inlineText(c.children))) : -1;
  for (const row of rows as TableRow[]) {
    const cells = row.children.map((c) => c.children);
    const all: PhrasingContent[] = cells.flatMap((c) => [...c, { type: 'text', value: ' | ' } as PhrasingContent]);
    const entry = linkItem(all, row.position?.start.line ?? 0);
    if (entry) {
      if (!entry.date && dateColumn >= 0) {
        const d = findDate(inlineText(cells[dateColumn] ?? []));
        if (d) entry.date = d;
      }
      out.entries.push(entry);
    } else {
      out.unused.push({ line: row.position?.start.line ?? 0, text: inlineText(all).slice(0, 120), reason: 'table row with no link to a paper' });
    }
  }
}

interface Field {
  name: 'paper' | 'blog' | 'year' | 'why' | 'code' | 'note';
  rest: PhrasingContent[];
}

/** `**Paper**:[…](…)` → { name: 'paper', rest: [link] } */
function fieldOf(item: ListItem): Field | undefined {
  const p = item.children[0];
  if (!p || p.type !== 'paragraph') return undefined;
  const [first, ...rest] = p.children;
  if (!first || first.type !== 'strong') return undefined;
  const key = inlineText(first.children).replace(/[:：]\s*$/, '').trim().toLowerCase();
  const name = FIELD_NAMES[key];
  if (!name) return undefined;
  // Drop the ":" (or "::", "：") that separates the field name from its value.
  const trimmed = [...rest];
  const head = trimmed[0];
  if (head && head.type === 'text') {
    const value = head.value.replace(/^\s*[:：]+\s*/, '');
    if (value) trimmed[0] = { ...head, value };
    else trimmed.shift();
  }
  return { name, rest: trimmed };
}

function applyField(record: DraftEntry | undefined, field: Field, item: ListItem): { startsNew: boolean; entry?: DraftEntry } {
  const line = lineOf(item);
  if (field.name === 'paper' || field.name === 'blog') {
    const link = field.rest.find((n) => n.type === 'link');
    const url = link && link.type === 'link' ? link.url : inlineText(field.rest).trim();
    const title = link && link.type === 'link' ? inlineText(link.children).trim() : url;
    const entry: DraftEntry = { kind: field.name === 'blog' ? 'resource' : 'paper', line, title: tidyTitle(title), url, why: {}, notes: [] };
    const ref = parseRef(url);
    if (ref?.kind === 'arxiv') entry.arxiv = ref.id;
    if (ref?.kind === 'doi') entry.doi = ref.id;
    return { startsNew: true, entry };
  }
  if (!record) return { startsNew: false };
  const text = inlineText(field.rest).trim();
  if (field.name === 'year') {
    const d = findDate(text);
    if (d) record.date = d;
  } else if (field.name === 'why') {
    const links = field.rest.filter((n) => n.type === 'link');
    if (text) record.why[CJK.test(text) ? 'zh' : 'en'] = text;
    for (const l of links) if (l.type === 'link' && /^https?:/.test(l.url)) record.notes.push(noteFor(l.url, inlineText(l.children)));
  } else if (field.name === 'code') {
    const l = field.rest.find((n) => n.type === 'link');
    if (l && l.type === 'link') record.code = l.url;
  } else if (field.name === 'note') {
    for (const l of field.rest) if (l.type === 'link') record.notes.push(noteFor(l.url, inlineText(l.children)));
  }
  return { startsNew: false };
}

const NOTE_SITES: [RegExp, string][] = [
  [/xiaohongshu\.com$/, '小红书笔记'],
  [/kexue\.fm$/, '科学空间'],
  [/zhihu\.com$/, '知乎'],
  [/mp\.weixin\.qq\.com$/, '微信公众号文章'],
];

function noteFor(url: string, text: string): DraftNote {
  let host = '';
  try {
    host = new URL(url).hostname.replace(/^www\./, '');
  } catch {
    /* keep empty */
  }
  const site = NOTE_SITES.find(([re]) => re.test(host));
  const title = site ? site[1] : host || text;
  return { title, url, lang: site || CJK.test(text) ? 'zh' : 'en' };
}

function isPaperUrl(url: string): boolean {
  if (arxivIdInUrl(url) || parseRef(url)?.kind === 'doi') return true;
  return /openreview\.net\/(forum|pdf)|aclanthology\.org\/|proceedings\.(neurips|mlr)|papers\.nips\.cc|\.pdf(\?|#|$)|semanticscholar\.org\/paper|dl\.acm\.org\/doi|ieeexplore|nature\.com\/articles|science\.org\/doi/i.test(url);
}

/** One awesome-style item: the paper link, a readable title, a date, a description, code and project links. */
function linkItem(nodes: PhrasingContent[], line: number): DraftEntry | undefined {
  const links = flattenLinks(nodes);
  const paper = links.find((l) => isPaperUrl(l.url) && arxivIdInUrl(l.url)) ?? links.find((l) => isPaperUrl(l.url));
  if (!paper) return undefined;
  const text = inlineText(nodes);
  let title = paper.text;
  if (!title || GENERIC_LINK_TEXT.test(title) || /^https?:/.test(title)) {
    const strong = findStrong(nodes).find((s) => s.length > 8);
    const named = links.find((l) => l.text.length > 8 && !GENERIC_LINK_TEXT.test(l.text) && !/^https?:/.test(l.text));
    title = strong ?? named?.text ?? title;
  }
  const entry: DraftEntry = { kind: 'paper', line, title: tidyTitle(title), url: paper.url, why: {}, notes: [] };
  const ref = parseRef(paper.url);
  if (ref?.kind === 'arxiv') entry.arxiv = ref.id;
  if (ref?.kind === 'doi') entry.doi = ref.id;
  const date = findDate(text.replace(paper.url, ''));
  if (date) entry.date = date;
  else if (entry.arxiv) {
    const m = arxivMonth(entry.arxiv);
    if (m) entry.date = m;
  }
  const code = links.find((l) => l !== paper && /github\.com\/[^/]+\/[^/\s]+/.test(l.url) && !/\/stars|shields\.io|badge/.test(l.url));
  if (code) entry.code = code.url;
  const project = links.find((l) => /project/i.test(l.text) && l !== paper);
  if (project) entry.project = project.url;
  // `[Title](url) - description` (the awesome-list convention)
  const dash = /\s[-–—]\s+(.+)$/.exec(afterFirstLink(nodes, paper.url));
  if (dash && dash[1]!.trim().length > 3) {
    const d = dash[1]!.trim();
    entry.why[CJK.test(d) ? 'zh' : 'en'] = d;
  }
  return entry;
}

function afterFirstLink(nodes: PhrasingContent[], url: string): string {
  const i = nodes.findIndex((n) => n.type === 'link' && n.url === url);
  return i >= 0 ? inlineText(nodes.slice(i + 1)) : '';
}

function flattenLinks(nodes: PhrasingContent[]): { url: string; text: string }[] {
  const out: { url: string; text: string }[] = [];
  const walk = (ns: PhrasingContent[]) => {
    for (const n of ns) {
      if (n.type === 'link') {
        // Badges are links around images: skip those.
        if (n.children.every((c) => c.type === 'image')) continue;
        out.push({ url: n.url, text: inlineText(n.children).trim() });
      } else if ('children' in n) walk(n.children as PhrasingContent[]);
    }
  };
  walk(nodes);
  return out;
}

function findStrong(nodes: PhrasingContent[]): string[] {
  const out: string[] = [];
  for (const n of nodes) {
    if (n.type === 'strong') out.push(inlineText(n.children).trim());
    else if ('children' in n && n.type !== 'link') out.push(...findStrong(n.children as PhrasingContent[]));
  }
  return out;
}

function isTocItem(nodes: PhrasingContent[]): boolean {
  const links = flattenLinks(nodes);
  return links.length > 0 && links.every((l) => l.url.startsWith('#'));
}

/** "2023/05", "2023-05", "2023.05", "[Dec 2023]", "2023" → "2023-05" / "2023". */
export function findDate(text: string): string | undefined {
  const ym = /\b((?:19|20)\d{2})\s*[-/.年]\s*(0?[1-9]|1[0-2])(?!\d)/.exec(text);
  if (ym) return `${ym[1]}-${ym[2]!.padStart(2, '0')}`;
  const my = /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+((?:19|20)\d{2})\b/i.exec(text);
  if (my) return `${my[2]}-${String(MONTHS.indexOf(my[1]!.toLowerCase()) + 1).padStart(2, '0')}`;
  const y = /\b((?:19|20)\d{2})\b/.exec(text);
  return y ? y[1] : undefined;
}

function tidyTitle(title: string): string {
  return title.replace(/^["“'\s]+|["”'\s]+$/g, '').replace(/\.$/, '').replace(/\s+/g, ' ').trim();
}

function cleanHeading(text: string): string {
  return text.replace(/<!--.*?-->/g, '').replace(/[\u{1F300}-\u{1FAFF}\u2600-\u27BF]\uFE0F?/gu, '').replace(/\s+/g, ' ').trim();
}

function lineOf(node: { position?: { start: { line: number } } }): number {
  return node.position?.start.line ?? 0;
}

function itemText(item: ListItem): string {
  const p = item.children.find((c) => c.type === 'paragraph');
  return p && p.type === 'paragraph' ? inlineText(p.children).slice(0, 120) : '';
}

export function inlineText(nodes: readonly (PhrasingContent | RootContent)[]): string {
  let s = '';
  for (const n of nodes) {
    if ('value' in n && typeof n.value === 'string' && n.type !== 'html') s += n.value;
    else if (n.type === 'break') s += ' ';
    else if ('children' in n) s += inlineText(n.children as PhrasingContent[]);
  }
  return s;
}
