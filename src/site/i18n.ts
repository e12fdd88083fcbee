/**
 * The interface in English and Chinese. Every page carries both strings; the stylesheet shows the chosen one
 * (`<html data-lang="zh">`, set by assets/boot.js from the reader's choice or browser language), so switching is
 * instant, needs no second set of pages, and pages read in English without JavaScript.
 */
import { flat, html, type Html } from './html.js';

export type Lang = 'en' | 'zh';

export const STRINGS = {
  home: ['Home', '首页'],
  search: ['Search', '搜索'],
  searchPlaceholder: ['Search titles, authors, reasons, arXiv ids…', '搜索标题、作者、推荐理由、arXiv 编号…'],
  searchLabel: ['Search the reading list', '搜索阅读清单'],
  categories: ['Categories', '分类'],
  tags: ['Tags', '标签'],
  catCount: ['categories', '个分类'],
  tagCount: ['tags', '个标签'],
  papers: ['papers', '篇论文'],
  paper: ['paper', '篇论文'],
  recentlyAdded: ['Recently added', '最近添加'],
  allRecent: ['All papers by date added', '按添加时间查看全部'],
  perYear: ['Papers per year, by category', '各分类每年论文数'],
  perYearNote: ['By date of the first version. Darker cells hold more papers.', '按首个版本日期统计，颜色越深论文越多。'],
  showTable: ['Show as a table', '以表格显示'],
  year: ['Year', '年份'],
  total: ['Total', '合计'],
  category: ['Category', '分类'],
  subcategories: ['Sub-categories', '子分类'],
  newestFirst: ['Newest first', '最新在前'],
  filterSort: ['Filter and sort these papers', '筛选和排序这些论文'],
  authors: ['Authors', '作者'],
  published: ['First version', '首个版本'],
  venue: ['Venue', '发表于'],
  links: ['Links', '链接'],
  abstract: ['Abstract', '摘要'],
  pdf: ['PDF', 'PDF'],
  code: ['Code', '代码'],
  project: ['Project page', '项目主页'],
  whyRead: ['Why read it', '推荐理由'],
  notes: ['Notes and explainers', '解读与笔记'],
  related: ['Related papers', '相关论文'],
  cite: ['Cite', '引用'],
  copyBibtex: ['Copy BibTeX', '复制 BibTeX'],
  copied: ['Copied', '已复制'],
  copyFailed: ['Select the text and copy it', '请选中文本后复制'],
  added: ['Added', '添加于'],
  feed: ['Atom feed', 'Atom 订阅'],
  feedOf: ['Atom feed of this list', '本列表的 Atom 订阅'],
  downloads: ['Download the list', '下载清单'],
  theme: ['Switch between light and dark theme', '切换浅色/深色主题'],
  language: ['中文', 'English'],
  languageLabel: ['中文: switch the interface to Chinese', 'English: 切换为英文界面'],
  skip: ['Skip to content', '跳到正文'],
  noJs: ['Search and filters need JavaScript. Browse the categories instead:', '搜索和筛选需要 JavaScript。也可以按分类浏览：'],
  results: ['results', '条结果'],
  loading: ['Loading the index…', '正在加载索引…'],
  noResults: ['No paper matches. Try fewer words or fewer filters.', '没有匹配的论文。请减少关键词或筛选条件。'],
  filters: ['Filters', '筛选'],
  yearRange: ['Year', '年份'],
  from: ['from', '从'],
  to: ['to', '到'],
  tag: ['Tag', '标签'],
  anyTag: ['Any tag', '任意标签'],
  hasCode: ['Has code', '有代码'],
  sort: ['Sort by', '排序'],
  sortRelevance: ['Relevance', '相关度'],
  sortDate: ['Date (newest first)', '日期（最新在前）'],
  sortAdded: ['Date added (newest first)', '添加时间（最新在前）'],
  sortTitle: ['Title (A–Z)', '标题（A–Z）'],
  clear: ['Clear all', '全部清除'],
  showMore: ['Show more', '显示更多'],
  indexError: ['The search index could not be loaded. Reload the page to try again.', '无法加载搜索索引，请刷新页面重试。'],
  notFound: ['Page not found', '页面不存在'],
  notFoundText: ['This page does not exist. It may have moved: try the search or the categories.', '该页面不存在，可能已被移动。请试试搜索或分类浏览。'],
  page: ['Page', '第'],
  pageOf: ['of', '页，共'],
  previous: ['Previous', '上一页'],
  next: ['Next', '下一页'],
  etAl: ['et al.', '等'],
  morePapers: ['more', '更多'],
  keyboardHint: ['Press / to search', '按 / 搜索'],
  resources: ['Also worth reading', '延伸阅读'],
  catalogOf: ['papers in', '篇论文，'],
  updated: ['Updated', '更新于'],
  license: ['Reasons and notes: CC BY 4.0', '推荐理由与笔记：CC BY 4.0'],
  arxiv: ['arXiv', 'arXiv'],
  doi: ['DOI', 'DOI'],
  taggedWith: ['Tagged', '标签'],
  inCategories: ['In', '分类'],
  onThisList: ['On this list', '收录于'],
} as const satisfies Record<string, readonly [string, string]>;

export type StringKey = keyof typeof STRINGS;

/** Both languages of a string; CSS shows one. */
export function t(key: StringKey): Html {
  let h = rendered.get(key);
  if (!h) rendered.set(key, (h = flat(bi(STRINGS[key][0], STRINGS[key][1]))));
  return h;
}
const rendered = new Map<StringKey, Html>();

/** Catalog text with an optional Chinese version (category and tag names). */
export function bi(en: string, zh?: string): Html {
  if (!zh || zh === en) return html`${en}`;
  return html`<span class="l-en">${en}</span><span class="l-zh" lang="zh-CN">${zh}</span>`;
}

/** Attributes that JavaScript swaps on a language switch (placeholder, aria-label, title). */
export function biAttr(name: string, key: StringKey): Html {
  const [en, zh] = STRINGS[key];
  return html`${name}="${en}" data-en-${name}="${en}" data-zh-${name}="${zh}"`;
}

export function str(key: StringKey, lang: Lang = 'en'): string {
  return STRINGS[key][lang === 'en' ? 0 : 1];
}
