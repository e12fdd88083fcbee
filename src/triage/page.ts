/**
 * The triage page: one HTML document with its style and script inline (allowed by a per-response nonce in the
 * Content-Security-Policy, nothing else runs). The page holds no data: the script fetches the ranked candidates
 * as JSON and builds the list with textContent only, so no text from a paper is ever parsed as HTML.
 *
 * Keyboard: j/k or ↓/↑ move, a accept (in the category chosen in the card's menu, prefilled with the best one),
 * r reject, s skip, o open on arXiv, Enter show the abstract, 1–9 pick the n-th category tab, ? help.
 */
import { escapeHtml } from '../render/text.js';

export interface PageOptions {
  /** Where the API lives, e.g. "/triage/". */
  basePath: string;
  /** Required in the X-Papershelf-Token header of every change (a page of another site cannot know it). */
  token: string;
  nonce: string;
  title: string;
}

const STYLE = `
:root { color-scheme: light dark; --fg: #1b1f24; --muted: #5b636e; --bg: #fff; --card: #f6f8fa; --line: #d0d7de; --accent: #0969da; --ok: #1a7f37; --bad: #cf222e; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --card: #161b22; --line: #30363d; --accent: #4493f8; --ok: #3fb950; --bad: #f85149; } }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", "Noto Sans", sans-serif; color: var(--fg); background: var(--bg); }
header { position: sticky; top: 0; z-index: 2; background: var(--bg); border-bottom: 1px solid var(--line); padding: .6rem 1rem; }
header h1 { font-size: 1.1rem; margin: 0 0 .4rem; }
.bar { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
.tabs { display: flex; flex-wrap: wrap; gap: .25rem; margin-top: .5rem; }
.tabs button { border: 1px solid var(--line); background: var(--card); color: var(--fg); border-radius: 1rem; padding: .15rem .7rem; cursor: pointer; font: inherit; font-size: .85rem; }
.tabs button[aria-pressed="true"] { background: var(--accent); border-color: var(--accent); color: #fff; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
#status { color: var(--muted); font-size: .9rem; }
ol { list-style: none; padding: 0; margin: 0; }
li.card { border: 1px solid var(--line); background: var(--card); border-radius: .5rem; padding: .7rem .9rem; margin: 0 0 .6rem; outline: none; }
li.card:focus, li.card.current { border-color: var(--accent); box-shadow: 0 0 0 2px var(--accent); }
li.card.done { opacity: .45; }
.title { font-weight: 600; font-size: 1rem; }
.title a { color: inherit; text-decoration: none; }
.title a:hover { text-decoration: underline; }
.meta, .why { color: var(--muted); font-size: .85rem; margin-top: .2rem; }
.score { font-variant-numeric: tabular-nums; font-weight: 600; color: var(--accent); margin-right: .4rem; }
.abstract { margin-top: .4rem; font-size: .9rem; display: none; }
li.open .abstract { display: block; }
.actions { display: flex; flex-wrap: wrap; gap: .4rem; margin-top: .5rem; align-items: center; }
.actions button, .actions select, .bar select, .bar button { font: inherit; font-size: .85rem; padding: .2rem .6rem; border-radius: .35rem; border: 1px solid var(--line); background: var(--bg); color: var(--fg); cursor: pointer; }
.actions button.accept { border-color: var(--ok); color: var(--ok); }
.actions button.reject { border-color: var(--bad); color: var(--bad); }
.verdict { font-size: .85rem; font-weight: 600; }
kbd { border: 1px solid var(--line); border-bottom-width: 2px; border-radius: .25rem; padding: 0 .3rem; font-size: .8rem; }
#help { display: none; font-size: .85rem; color: var(--muted); margin-top: .4rem; }
#help.shown { display: block; }
`;

const SCRIPT = `
const BASE = document.body.dataset.base;
const TOKEN = document.body.dataset.token;
const $ = (sel, root = document) => root.querySelector(sel);
const el = (tag, props = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'text') e.textContent = v;
    else if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children) if (c) e.append(c);
  return e;
};
let data = null;
let tab = 'overall';
let cards = [];
let current = 0;
const verdicts = new Map(JSON.parse(sessionStorage.getItem('papershelf-triage') || '[]'));
const remember = () => sessionStorage.setItem('papershelf-triage', JSON.stringify([...verdicts]));
const status = (text) => { $('#status').textContent = text; };

async function load(fresh) {
  status('ranking… (a few seconds)');
  const q = new URLSearchParams({ since: $('#since').value, top: $('#top').value });
  if (fresh) q.set('fresh', '1');
  const res = await fetch(BASE + 'api/candidates?' + q, { headers: { accept: 'application/json' } });
  const body = await res.json();
  if (!res.ok) { status(body.problems ? body.problems.map((p) => p.message + (p.hint ? ' — ' + p.hint : '')).join('; ') : 'failed'); return; }
  data = body;
  renderTabs();
  render();
}

function lists() {
  return [{ id: 'overall', name: 'Overall', suggestions: data.overall }, ...data.byCategory];
}

function renderTabs() {
  const tabs = $('#tabs');
  tabs.replaceChildren(...lists().map((l, i) => el('button', { 'aria-pressed': String(l.id === tab), title: i < 9 ? 'key ' + (i + 1) : '', onclick: () => { tab = l.id; renderTabs(); render(); } }, l.name + ' (' + l.suggestions.filter((s) => !verdicts.has(s.id)).length + ')')));
}

function render() {
  const list = lists().find((l) => l.id === tab) || lists()[0];
  const cats = data.categories.filter((c) => c.trained);
  const ol = $('#list');
  cards = list.suggestions.map((s) => card(s, cats));
  ol.replaceChildren(...cards);
  current = Math.max(0, cards.findIndex((c) => !verdicts.has(c.dataset.id)));
  focus(current);
  const pending = list.suggestions.filter((s) => !verdicts.has(s.id)).length;
  if (!data.candidates) return status('nothing to triage' + (data.sinceDay && data.newestDay && data.newestDay < data.sinceDay ? ': the newest paper in the store is from ' + data.newestDay + ' (harvest, or choose a longer period)' : ''));
  status(data.candidates + ' candidates' + (data.sinceDay ? ' since ' + data.sinceDay : '') + ' · ' + pending + ' to triage in this list · press ? for keys');
}

function card(s, cats) {
  const select = el('select', { 'aria-label': 'category' }, ...cats.map((c) => el('option', { value: c.id, text: c.name + (s.scores.find((x) => x.category === c.id) ? ' (' + s.scores.find((x) => x.category === c.id).score.toFixed(1) + ')' : '') })));
  select.value = s.category;
  const verdict = el('span', { class: 'verdict' });
  const li = el('li', { class: 'card', tabindex: '-1' },
    el('div', { class: 'title' }, el('span', { class: 'score', text: s.score.toFixed(1) }), el('a', { href: 'https://arxiv.org/abs/' + encodeURIComponent(s.id).replace('%2F', '/'), target: '_blank', rel: 'noopener noreferrer', text: s.title })),
    el('div', { class: 'meta', text: [s.id, s.day, s.arxivCategories.slice(0, 3).join(' '), s.authors.slice(0, 6).join(', ') + (s.authors.length > 6 ? ' et al.' : '')].filter(Boolean).join(' · ') }),
    el('div', { class: 'why', text: 'fits ' + s.scores.map((x) => x.category + ' ' + x.score.toFixed(1)).join(', ') + ' · terms: ' + s.terms.map((t) => t.term).join(', ') }),
    s.closest.length ? el('div', { class: 'why', text: 'like: ' + s.closest.map((c) => c.title).join(' · ') }) : null,
    el('div', { class: 'abstract', text: s.abstract || '(no abstract in the store)' }),
    el('div', { class: 'actions' },
      select,
      el('button', { class: 'accept', onclick: () => act(li, 'accept') }, 'Accept (a)'),
      el('button', { class: 'reject', onclick: () => act(li, 'reject') }, 'Reject (r)'),
      el('button', { onclick: () => act(li, 'skip') }, 'Skip (s)'),
      el('button', { onclick: () => li.classList.toggle('open') }, 'Abstract (Enter)'),
      verdict));
  li.dataset.id = s.id;
  li.select = select;
  li.verdict = verdict;
  if (verdicts.has(s.id)) mark(li, verdicts.get(s.id));
  return li;
}

function mark(li, v) {
  li.classList.add('done');
  li.verdict.textContent = v;
}

async function act(li, kind) {
  const id = li.dataset.id;
  if (verdicts.has(id)) return next();
  if (kind === 'skip') {
    verdicts.set(id, 'skipped');
  } else {
    li.verdict.textContent = kind === 'accept' ? 'accepting…' : 'rejecting…';
    const body = kind === 'accept' ? { id, category: li.select.value } : { id };
    const res = await fetch(BASE + 'api/' + kind, { method: 'POST', headers: { 'content-type': 'application/json', 'x-papershelf-token': TOKEN }, body: JSON.stringify(body) });
    const r = await res.json().catch(() => ({}));
    if (!res.ok) { li.verdict.textContent = (r.problems || []).map((p) => p.message).join('; ') || 'failed (' + res.status + ')'; return; }
    verdicts.set(id, kind === 'accept' ? 'accepted into ' + li.select.value + (r.notes && r.notes.length ? ' — to do: ' + r.notes.join('; ') : '') : 'rejected');
  }
  remember();
  for (const c of document.querySelectorAll('li.card')) if (c.dataset.id === id) mark(c, verdicts.get(id));
  renderTabs();
  next();
}

function focus(i) {
  if (!cards.length) return;
  current = Math.max(0, Math.min(cards.length - 1, i));
  for (const c of cards) c.classList.remove('current');
  cards[current].classList.add('current');
  cards[current].focus({ preventScroll: true });
  cards[current].scrollIntoView({ block: 'nearest' });
}

function next() {
  const i = cards.findIndex((c, k) => k > current && !verdicts.has(c.dataset.id));
  focus(i >= 0 ? i : current);
}

document.addEventListener('keydown', (e) => {
  if (e.target.closest && e.target.closest('select, input') || e.ctrlKey || e.metaKey || e.altKey) return;
  const li = cards[current];
  const keys = {
    j: () => focus(current + 1), ArrowDown: () => focus(current + 1),
    k: () => focus(current - 1), ArrowUp: () => focus(current - 1),
    a: () => li && act(li, 'accept'), r: () => li && act(li, 'reject'), s: () => li && act(li, 'skip'),
    o: () => li && window.open(li.querySelector('.title a').href, '_blank', 'noopener'),
    Enter: () => li && li.classList.toggle('open'),
    '?': () => $('#help').classList.toggle('shown'),
  };
  if (keys[e.key]) { e.preventDefault(); keys[e.key](); return; }
  if (/^[1-9]$/.test(e.key) && data) { const l = lists()[Number(e.key) - 1]; if (l) { tab = l.id; renderTabs(); render(); } }
});
$('#reload').addEventListener('click', () => load(true));
$('#since').addEventListener('change', () => load(false));
$('#top').addEventListener('change', () => load(false));
load(false);
`;

export function triagePage(o: PageOptions): string {
  const since = ['7d', '14d', '30d', '90d', '365d', ''].map((v) => `<option value="${v}">${v ? `since ${v}` : 'whole store'}</option>`).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Triage · ${escapeHtml(o.title)}</title>
<style nonce="${o.nonce}">${STYLE}</style>
</head>
<body data-base="${escapeHtml(o.basePath)}" data-token="${escapeHtml(o.token)}">
<header>
<h1>Triage · ${escapeHtml(o.title)}</h1>
<div class="bar">
<label>Papers <select id="since">${since}</select></label>
<label>Per list <select id="top"><option>50</option><option>100</option><option selected>200</option><option>500</option></select></label>
<button id="reload" type="button">Rank again</button>
<span id="status" role="status" aria-live="polite"></span>
</div>
<nav id="tabs" class="tabs" aria-label="lists"></nav>
<p id="help"><kbd>j</kbd>/<kbd>k</kbd> next/previous · <kbd>a</kbd> accept into the chosen category · <kbd>r</kbd> reject (remembered in catalog/rejected.yaml) · <kbd>s</kbd> skip (this session) · <kbd>o</kbd> open on arXiv · <kbd>Enter</kbd> abstract · <kbd>1</kbd>–<kbd>9</kbd> lists</p>
</header>
<main><ol id="list" aria-label="candidates"></ol></main>
<script nonce="${o.nonce}">${SCRIPT}</script>
</body>
</html>
`;
}
