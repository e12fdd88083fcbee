/**
 * The site's one stylesheet (served as assets/<version>/site.css). System fonts only (no web fonts: nothing is
 * fetched from another host), CSS custom properties for the light and dark themes, the language switch by
 * attribute (`html[data-lang=zh]`), and a layout that works from 320 px phones to wide screens.
 */
import { iconCss } from './icons.js';

export const CSS = String.raw`
:root {
  color-scheme: light;
  --bg: #fbfbf9; --fg: #1c1d1f; --muted: #5c6066; --faint: #6f747b; --line: #e3e3de; --line-strong: #cfcfc8;
  --card: #ffffff; --accent: #1f4fb0; --accent-hover: #163c88; --accent-soft: #e9effb; --chip: #f0f0ec;
  --heat: 31, 79, 176; --focus: #f4b400; --ok: #17803d;
  --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "PingFang SC", "Hiragino Sans GB",
    "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "Droid Sans Fallback", sans-serif;
  --serif: "Iowan Old Style", "Palatino Linotype", Palatino, "Book Antiqua", Georgia, "Noto Serif CJK SC", "Songti SC",
    "Source Han Serif SC", serif;
  --mono: ui-monospace, "SF Mono", "Cascadia Mono", Menlo, Consolas, "Noto Sans Mono", "DejaVu Sans Mono", monospace;
  --radius: 8px; --wrap: 72rem;
}
:root[data-theme="dark"] {
  color-scheme: dark;
  --bg: #121417; --fg: #e6e6e3; --muted: #a5a9b0; --faint: #9499a1; --line: #2a2e34; --line-strong: #3a3f46;
  --card: #181b1f; --accent: #8db0ff; --accent-hover: #b3cbff; --accent-soft: #1c2740; --chip: #23272d;
  --heat: 141, 176, 255; --ok: #5bd28a;
}
@media (prefers-color-scheme: dark) {
  :root:not([data-theme="light"]) {
    color-scheme: dark;
    --bg: #121417; --fg: #e6e6e3; --muted: #a5a9b0; --faint: #9499a1; --line: #2a2e34; --line-strong: #3a3f46;
    --card: #181b1f; --accent: #8db0ff; --accent-hover: #b3cbff; --accent-soft: #1c2740; --chip: #23272d;
    --heat: 141, 176, 255; --ok: #5bd28a;
  }
}
html:not([data-lang="zh"]) .l-zh, html[data-lang="zh"] .l-en { display: none !important; }
html[data-lang="zh"] .why .why-zh { order: -1; }
html:not([data-lang="zh"]) .why.both.short .why-zh, html[data-lang="zh"] .why.both.short .why-en { display: none; }

*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--fg); font: 16px/1.6 var(--sans);
  font-feature-settings: "kern", "liga"; text-rendering: optimizeLegibility;
}
a { color: var(--accent); text-decoration: none; text-underline-offset: 0.18em; }
a:hover { color: var(--accent-hover); text-decoration: underline; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; border-radius: 3px; }
h1, h2, h3 { line-height: 1.25; margin: 0 0 0.5em; }
h1 { font: 600 clamp(1.6rem, 1.2rem + 1.6vw, 2.3rem)/1.2 var(--serif); letter-spacing: -0.01em; }
h2 { font-size: 1.15rem; font-weight: 650; }
h3 { font-size: 1rem; }
p { margin: 0 0 0.75em; }
ul, ol { padding-left: 1.2em; }
kbd {
  font: 0.75rem/1 var(--mono); border: 1px solid var(--line-strong); border-bottom-width: 2px; border-radius: 4px;
  padding: 0.15em 0.4em; color: var(--muted); background: var(--card);
}
code, pre { font-family: var(--mono); font-size: 0.85rem; }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.skip { position: absolute; left: -999px; top: 0; background: var(--card); padding: 0.5rem 1rem; z-index: 10; }
.skip:focus { left: 0.5rem; top: 0.5rem; }
.wrap { max-width: var(--wrap); margin: 0 auto; padding: 0 1.25rem; }
.muted { color: var(--muted); }

/* Icons (icons.ts) */
${iconCss()}
/* Header */
.site-header { border-bottom: 1px solid var(--line); background: var(--bg); position: sticky; top: 0; z-index: 5; }
.bar { display: flex; align-items: center; gap: 1rem; min-height: 3.5rem; }
.brand { font: 650 1.05rem/1.2 var(--serif); color: var(--fg); white-space: nowrap; }
.brand:hover { color: var(--accent); text-decoration: none; }
.brand .i { width: 20px; height: 20px; vertical-align: -4px; margin-right: 0.35rem; color: var(--accent); }
.bar .search-form { flex: 1; max-width: 28rem; margin-left: auto; }
.tools { display: flex; align-items: center; gap: 0.25rem; margin-left: auto; }
.bar .search-form + .tools { margin-left: 0; }
.tool {
  font: inherit; font-size: 0.9rem; color: var(--fg); background: none; border: 1px solid transparent; border-radius: 6px;
  padding: 0.3rem 0.55rem; cursor: pointer; line-height: 1.2; display: inline-flex; align-items: center; gap: 0.3rem;
}
a.tool:hover { text-decoration: none; }
.tool:hover { background: var(--chip); color: var(--fg); }
.tool .i { width: 18px; height: 18px; }
.theme-icon-dark { display: none; }
:root[data-theme="dark"] .theme-icon-dark { display: inline-block; }
:root[data-theme="dark"] .theme-icon-light { display: none; }

/* Search boxes */
.search-form { position: relative; display: flex; }
.search-form input, .search-input {
  width: 100%; font: inherit; color: var(--fg); background: var(--card); border: 1px solid var(--line-strong);
  border-radius: var(--radius); padding: 0.45rem 2.4rem 0.45rem 2.2rem; appearance: none; -webkit-appearance: none;
}
.search-form input::placeholder, .search-input::placeholder { color: var(--faint); }
.search-form input:focus, .search-input:focus { border-color: var(--accent); outline: 2px solid var(--accent-soft); outline-offset: 0; }
.search-form .icon, .search-box .icon { width: 17px; height: 17px; position: absolute; left: 0.7rem; top: 50%; transform: translateY(-50%); color: var(--faint); pointer-events: none; }
.search-form kbd, .search-box kbd { position: absolute; right: 0.6rem; top: 50%; transform: translateY(-50%); pointer-events: none; }
.search-form input:focus ~ kbd, .search-form input:not(:placeholder-shown) ~ kbd, .search-box input:not(:placeholder-shown) ~ kbd { display: none; }
.hero .search-form input { font-size: 1.1rem; padding: 0.75rem 2.6rem 0.75rem 2.6rem; border-radius: 10px; }
.hero .search-form .icon { left: 0.9rem; }

/* Footer */
.site-footer { border-top: 1px solid var(--line); margin-top: 4rem; padding-top: 1.5rem; padding-bottom: 2.5rem; color: var(--muted); font-size: 0.9rem; }
.site-footer .row { display: flex; flex-wrap: wrap; gap: 0.4rem 1.25rem; }

/* Home */
.hero { padding: 2.5rem 0 1.5rem; max-width: 48rem; }
.hero h1 { font-size: clamp(2rem, 1.4rem + 2.2vw, 2.9rem); margin-bottom: 0.4rem; }
.hero .lede { font-size: 1.08rem; color: var(--muted); max-width: 44rem; }
.stats { display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; color: var(--muted); font-size: 0.95rem; margin: 1rem 0 0; }
.stats strong { color: var(--fg); font-variant-numeric: tabular-nums; }
.home-grid { display: grid; grid-template-columns: minmax(0, 5fr) minmax(0, 7fr); gap: 2.5rem; margin-top: 2rem; }
.section-head { display: flex; align-items: baseline; justify-content: space-between; gap: 1rem; border-bottom: 1px solid var(--line); margin-bottom: 0.75rem; padding-bottom: 0.35rem; }
.section-head h2 { margin: 0; }
.section-head a { font-size: 0.9rem; }
.tree, .tree ul { list-style: none; padding: 0; margin: 0; }
.tree ul ul { margin-left: 0.9rem; padding-left: 0.8rem; border-left: 1px solid var(--line); }
.tree li { margin: 0; }
.tree a { display: flex; justify-content: space-between; gap: 0.75rem; padding: 0.22rem 0.4rem; border-radius: 6px; color: var(--fg); }
.tree a:hover { background: var(--chip); text-decoration: none; }
.tree > ul > li > a { font-weight: 600; }
.tree .count { color: var(--muted); font-variant-numeric: tabular-nums; font-weight: 400; font-size: 0.9rem; }
.downloads { display: flex; flex-wrap: wrap; gap: 0.4rem; margin: 0.25rem 0 0; padding: 0; list-style: none; }
.btn {
  display: inline-flex; align-items: center; gap: 0.35rem; font: inherit; font-size: 0.88rem; line-height: 1.3;
  padding: 0.35rem 0.7rem; border-radius: 6px; border: 1px solid var(--line-strong); background: var(--card);
  color: var(--fg); cursor: pointer;
}
.btn:hover { border-color: var(--accent); color: var(--accent); text-decoration: none; }
.btn.primary { background: var(--accent); border-color: var(--accent); color: var(--bg); }
.btn.primary:hover { background: var(--accent-hover); color: var(--bg); }
.btn .i { width: 15px; height: 15px; }
.panel { margin-top: 2.5rem; }

/* Chart */
.chart { overflow-x: auto; }
.chart svg { display: block; max-width: 100%; height: auto; font: 12px var(--sans); }
.chart .lbl { fill: var(--fg); }
.chart .axis { fill: var(--muted); font-variant-numeric: tabular-nums; }
.chart .cell-n { fill: var(--bg); font-size: 10.5px; font-variant-numeric: tabular-nums; }
.chart .cell-n.dark { fill: var(--fg); }
.chart .bar { fill: rgba(var(--heat), 0.55); }
.chart .cell { fill: rgb(var(--heat)); }
.chart a:hover .lbl { fill: var(--accent); text-decoration: underline; }
.chart-table { margin-top: 0.75rem; font-size: 0.9rem; }
.chart-table table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
.chart-table th, .chart-table td { border-bottom: 1px solid var(--line); padding: 0.2rem 0.5rem; text-align: right; }
.chart-table th:first-child { text-align: left; }
details > summary { cursor: pointer; color: var(--accent); }

/* Paper lists */
.papers { list-style: none; margin: 0; padding: 0; }
.item { padding: 1rem 0 1.05rem; border-bottom: 1px solid var(--line); }
.item:first-child { padding-top: 0.35rem; }
.item-title { font: 600 1.08rem/1.35 var(--serif); color: var(--fg); display: inline; }
.item-title:hover { color: var(--accent); }
.item-meta { color: var(--muted); font-size: 0.88rem; margin-top: 0.2rem; }
.item-meta .venue { color: var(--ok); font-weight: 550; }
.sep::before { content: "·"; margin: 0 0.4em; color: var(--faint); }
.why { display: flex; flex-direction: column; gap: 0.35rem; margin-top: 0.4rem; }
.why p { margin: 0; }
.item .why { font-size: 0.95rem; }
.why-zh { line-height: 1.75; }
.item-links { display: flex; flex-wrap: wrap; align-items: center; gap: 0.25rem 0.9rem; margin-top: 0.45rem; font-size: 0.88rem; }
.chips { display: inline-flex; flex-wrap: wrap; gap: 0.3rem; list-style: none; margin: 0; padding: 0; }
.chip { display: inline-block; font-size: 0.8rem; line-height: 1.5; padding: 0.05rem 0.5rem; border-radius: 999px; background: var(--chip); color: var(--muted); }
a.chip:hover { color: var(--accent); text-decoration: none; background: var(--accent-soft); }
.chip.cat { background: var(--accent-soft); color: var(--accent); }
.compact .item { padding: 0.6rem 0; }
.compact .item-title { font-size: 1rem; }
.compact .item-meta { font-size: 0.84rem; }

/* Category and tag pages */
.crumbs { font-size: 0.88rem; color: var(--muted); margin: 1.5rem 0 0.75rem; }
.crumbs ol { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; }
.crumbs li + li::before { content: "›"; margin: 0 0.5em; color: var(--faint); }
.page-head { margin-bottom: 1.5rem; max-width: 50rem; }
.page-head .desc { color: var(--muted); font-size: 1.05rem; }
.page-actions { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 1rem; margin-top: 0.75rem; font-size: 0.92rem; }
.subcats { margin: 0 0 1.5rem; }
.list-head { display: flex; justify-content: space-between; align-items: baseline; border-bottom: 1px solid var(--line-strong); padding-bottom: 0.3rem; margin-bottom: 0.25rem; }
.list-head h2 { margin: 0; font-size: 1rem; }
.pager { display: flex; gap: 1rem; align-items: center; justify-content: center; margin: 1.5rem 0; font-size: 0.95rem; }
.two-col { display: grid; grid-template-columns: minmax(0, 1fr) 15rem; gap: 3rem; }
.aside h2 { font-size: 0.95rem; margin-top: 0; }
.aside .chips { display: flex; margin-bottom: 0.5rem; }
.aside section + section { margin-top: 1.75rem; }

/* Paper page */
.paper-head { max-width: 52rem; margin-bottom: 1.5rem; }
.paper-head h1 { margin-bottom: 0.6rem; }
.authors { font-size: 1.02rem; margin-bottom: 0.5rem; }
.facts { display: flex; flex-wrap: wrap; gap: 0.3rem 1.5rem; color: var(--muted); font-size: 0.93rem; margin: 0 0 1rem; padding: 0; }
.facts dt { display: inline; font-weight: 400; }
.facts dd { display: inline; margin: 0 0 0 0.35rem; color: var(--fg); }
.facts div { white-space: nowrap; }
.actions { display: flex; flex-wrap: wrap; gap: 0.5rem; }
.paper-body { display: grid; grid-template-columns: minmax(0, 1fr) 17rem; gap: 3rem; }
.paper-body section { margin-bottom: 2rem; }
.paper-body h2 { font-size: 0.8rem; letter-spacing: 0.08em; text-transform: uppercase; color: var(--muted); border-bottom: 1px solid var(--line); padding-bottom: 0.35rem; }
html[data-lang="zh"] .paper-body h2 { letter-spacing: 0.02em; }
.paper-body .why { font-size: 1.06rem; gap: 1rem; max-width: 44rem; }
.paper-body .why p { padding-left: 0.9rem; border-left: 3px solid var(--line-strong); }
.paper-body .why p:first-child { border-left-color: var(--accent); }
html[data-lang="zh"] .paper-body .why p:first-child { border-left-color: var(--line-strong); }
html[data-lang="zh"] .paper-body .why .why-zh { border-left-color: var(--accent); }
.lang-tag { font: 600 0.7rem/1 var(--sans); color: var(--faint); letter-spacing: 0.05em; margin-right: 0.45rem; vertical-align: 0.1em; }
.notes { list-style: none; padding: 0; margin: 0; }
.notes li { padding: 0.3rem 0; }
.cite pre {
  background: var(--card); border: 1px solid var(--line); border-radius: var(--radius); padding: 0.75rem 1rem;
  overflow-x: auto; white-space: pre; margin: 0.5rem 0 0; font-size: 0.8rem; line-height: 1.5;
}
.cite .btn[data-state="copied"] { border-color: var(--ok); color: var(--ok); }
.side-list { list-style: none; margin: 0; padding: 0; font-size: 0.92rem; }
.side-list li { padding: 0.45rem 0; border-bottom: 1px solid var(--line); }
.side-list a { color: var(--fg); font-family: var(--serif); font-weight: 600; }
.side-list a:hover { color: var(--accent); }
.side-list .muted { font-size: 0.82rem; display: block; }

/* Search page */
.search-page { display: grid; grid-template-columns: 15.5rem minmax(0, 1fr); grid-template-areas: "side head" "side results"; gap: 0 2.5rem; margin-top: 1.75rem; align-items: start; }
.search-page:has(> .filters[hidden]) { grid-template-columns: minmax(0, 1fr); grid-template-areas: "head" "results"; }
.search-head { grid-area: head; }
.search-page .filters { grid-area: side; }
.search-page .results { grid-area: results; }
.bar-tools { display: flex; gap: 0.75rem; align-items: center; }
.search-box { position: relative; margin-bottom: 0.75rem; }
.search-box .search-input { font-size: 1.1rem; padding: 0.7rem 1rem 0.7rem 2.6rem; border-radius: 10px; }
.search-box .icon { left: 0.9rem; }
.result-bar { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: center; gap: 0.5rem 1rem; color: var(--muted); font-size: 0.92rem; min-height: 2rem; }
.result-bar select, .filters select, .filters input[type="number"] {
  font: inherit; font-size: 0.9rem; color: var(--fg); background: var(--card); border: 1px solid var(--line-strong);
  border-radius: 6px; padding: 0.25rem 0.4rem;
}
.filters { font-size: 0.92rem; }
.filters > fieldset:first-child legend { margin-top: 0.2rem; }
.filters fieldset { border: 0; padding: 0; margin: 0 0 1.4rem; min-width: 0; }
.filters legend { font-weight: 650; margin-bottom: 0.4rem; padding: 0; }
.filters .cat-list { list-style: none; padding: 0; margin: 0; max-height: 40rem; overflow-y: auto; }
.filters .cat-list .d1 { padding-left: 1.1rem; }
.filters .cat-list .d2 { padding-left: 2.2rem; }
.filters .cat-list .d3 { padding-left: 3.3rem; }
.filters .cat-list .d0 { font-weight: 550; }
.filters .cat-list label { display: flex; gap: 0.45rem; align-items: baseline; padding: 0.12rem 0; cursor: pointer; }
.filters .cat-list .n { margin-left: auto; color: var(--muted); font-variant-numeric: tabular-nums; font-size: 0.85rem; }
.filters .cat-list .zero { color: var(--faint); }
.filters .years { display: flex; gap: 0.4rem; align-items: center; }
.filters .years input { width: 5.2rem; }
.filters select { width: 100%; }
.filter-toggle { display: none; }
.results .status { color: var(--muted); padding: 1rem 0; }
.results mark { background: none; color: inherit; font-weight: 700; }
.more { margin: 1.25rem 0; text-align: center; }
noscript p, .notice { background: var(--accent-soft); border-radius: var(--radius); padding: 0.75rem 1rem; }

/* Not found */
.notfound { padding: 3rem 0; max-width: 36rem; }

@media (max-width: 60rem) {
  .home-grid, .paper-body, .two-col { grid-template-columns: minmax(0, 1fr); gap: 2rem; }
  .search-page { grid-template-columns: minmax(0, 1fr); grid-template-areas: "head" "side" "results"; gap: 0; }
  .filter-toggle { display: inline-flex; }
  .filters[data-collapsed="true"] { display: none; }
  .filters { border: 1px solid var(--line); border-radius: var(--radius); padding: 1rem; margin: 0.5rem 0 1rem; background: var(--card); }
  .filters .cat-list { max-height: 14rem; }
}
@media (max-width: 40rem) {
  body { font-size: 15.5px; }
  .wrap { padding: 0 1rem; }
  .bar { gap: 0.5rem; flex-wrap: wrap; padding-top: 0.5rem; padding-bottom: 0.6rem; }
  .bar .tools { margin-left: auto !important; }
  .paper-body .why { font-size: 1rem; }
  .bar .search-form { order: 3; flex-basis: 100%; max-width: none; }
  .brand { font-size: 1rem; }
  .search-form kbd, .search-box kbd { display: none; }
  .site-header { position: static; }
  .hero { padding-top: 1.5rem; }
  .facts { gap: 0.2rem 1rem; }
  .tool .label-long { display: none; }
}
@media (prefers-reduced-motion: no-preference) {
  a, .btn, .tool { transition: color 0.12s, background-color 0.12s, border-color 0.12s; }
}
@media print {
  .site-header, .site-footer, .actions, .cite button, .tools { display: none !important; }
  body { background: #fff; color: #000; }
}
`;
