/**
 * The search page: search as you type, facet filters, sorting; the state lives in the URL (state.ts). Typing
 * replaces the current history entry (one entry per search, not per key); any other change pushes one, and the
 * back button restores it. Results are built with DOM methods and textContent only (catalog text is untrusted).
 */
import { Engine, type Facets, type SearchableMapClass } from './engine.js';
import type { Row } from './format.js';
import { effectiveSort, parseState, sameState, serializeState, type SearchState } from './state.js';

const PAGE = 25;

interface Labels {
  cats: Record<string, [string, string]>;
  strings: Record<string, [string, string]>;
}

function lang(): 'en' | 'zh' {
  return document.documentElement.dataset.lang === 'zh' ? 'zh' : 'en';
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(c);
  return e;
}

/** Both languages of a label, shown by the stylesheet like the static pages do. */
function bi(en: string, zh: string | undefined): Node {
  if (!zh || zh === en) return document.createTextNode(en);
  const f = document.createDocumentFragment();
  f.append(el('span', { class: 'l-en' }, en), el('span', { class: 'l-zh', lang: 'zh-CN' }, zh));
  return f;
}

export async function start(app: HTMLElement): Promise<void> {
  const indexUrl = app.dataset.index!;
  const rootPath = app.dataset.root!;
  const labels = JSON.parse(document.getElementById('search-labels')?.textContent ?? '{"cats":{},"strings":{}}') as Labels;
  const s = (key: string) => labels.strings[key]?.[lang() === 'zh' ? 1 : 0] ?? key;

  const input = document.getElementById('q') as HTMLInputElement;
  const form = document.getElementById('filters') as HTMLFormElement;
  const toggle = app.querySelector<HTMLButtonElement>('.filter-toggle')!;
  const sortSel = document.getElementById('sort') as HTMLSelectElement;
  const count = document.getElementById('result-count')!;
  const results = document.getElementById('results')!;
  const statusEl = document.getElementById('search-status')!;

  form.hidden = false;
  toggle.hidden = false;
  sortSel.closest('label')!.hidden = false;
  toggle.addEventListener('click', () => {
    const open = form.dataset.collapsed === 'true';
    form.dataset.collapsed = String(!open);
    toggle.setAttribute('aria-expanded', String(open));
  });

  let state = parseState(location.search);
  let lastPushWasTyping = false;
  let seq = 0;
  let shown: number[] = [];
  let hits: number[] = [];

  statusEl.hidden = false;
  let engine: Engine;
  try {
    // Resolved against this module (search.js sits beside searchable-map.js in the assets folder).
    const spec = './searchable-map.js';
    const mod = (await import(spec)) as { default: SearchableMapClass };
    engine = await new Engine(async (path) => {
      const r = await fetch(indexUrl + path);
      if (!r.ok) throw new Error(`${r.status} ${path}`);
      return r.json();
    }, mod.default).init();
  } catch (e) {
    statusEl.textContent = s('indexError');
    console.error(e);
    return;
  }
  statusEl.hidden = true;

  const cb = (name: string) => [...form.querySelectorAll<HTMLInputElement>(`input[name="${name}"]`)];
  const yearFrom = form.querySelector<HTMLInputElement>('input[name="from"]')!;
  const yearTo = form.querySelector<HTMLInputElement>('input[name="to"]')!;
  const tagSel = form.querySelector<HTMLSelectElement>('select[name="tag"]')!;
  const codeBox = form.querySelector<HTMLInputElement>('input[name="code"]')!;

  function toControls(st: SearchState): void {
    if (input.value !== st.q) input.value = st.q;
    for (const box of cb('cat')) box.checked = st.cats.includes(box.value);
    yearFrom.value = st.from !== undefined ? String(st.from) : '';
    yearTo.value = st.to !== undefined ? String(st.to) : '';
    tagSel.value = st.tag ?? '';
    if (tagSel.value !== (st.tag ?? '')) tagSel.value = '';
    codeBox.checked = st.code;
    const sort = effectiveSort(st);
    sortSel.value = sort;
    const rel = sortSel.querySelector<HTMLOptionElement>('option[value="relevance"]');
    if (rel) rel.disabled = !st.q.trim();
  }

  /** The controls' state; the sort is kept only when chosen (in the URL or the menu), never the shown default. */
  function fromControls(sort = state.sort): SearchState {
    const y = (v: string) => (/^\d{4}$/.test(v.trim()) ? Number(v) : undefined);
    const from = y(yearFrom.value);
    const to = y(yearTo.value);
    return {
      q: input.value.slice(0, 200),
      cats: cb('cat').filter((b) => b.checked).map((b) => b.value),
      ...(from !== undefined ? { from } : {}),
      ...(to !== undefined ? { to } : {}),
      ...(tagSel.value ? { tag: tagSel.value } : {}),
      code: codeBox.checked,
      ...(sort ? { sort } : {}),
    };
  }

  function commit(next: SearchState, typing: boolean): void {
    if (sameState(next, state)) return;
    // Choosing a sort while a query is shown keeps it; clearing the query drops "relevance".
    state = next;
    const url = location.pathname + serializeState(state) + location.hash;
    if (typing && lastPushWasTyping) history.replaceState(null, '', url);
    else history.pushState(null, '', url);
    lastPushWasTyping = typing;
    void run();
  }

  function row(n: number, r: Row): HTMLElement {
    const [stem, title, authors, date, venue, en, zh, cats] = r;
    const li = el('li', { class: 'item' });
    li.append(el('a', { class: 'item-title', href: `${rootPath}papers/${encodeURIComponent(stem)}.html` }, title));
    const meta = el('div', { class: 'item-meta' });
    const parts: Node[] = [];
    if (authors) parts.push(el('span', {}, authors));
    if (date) parts.push(el('time', { datetime: date }, date.slice(0, 7)));
    if (venue) parts.push(el('span', { class: 'venue' }, venue));
    parts.forEach((p, i) => {
      if (i) meta.append(el('span', { class: 'sep' }));
      meta.append(p);
    });
    li.append(meta);
    if (en || zh) {
      const why = el('div', { class: `why short${en && zh ? ' both' : ''}` });
      if (en) why.append(el('p', { class: 'why-en', lang: 'en' }, en));
      if (zh) why.append(el('p', { class: 'why-zh', lang: 'zh-CN' }, zh));
      li.append(why);
    }
    const chips = el('span', { class: 'chips' });
    for (const ci of cats) {
      const id = engine.meta.cats[ci];
      if (!id) continue;
      const name = labels.cats[id] ?? [id, id];
      const a = el('a', { class: 'chip cat', href: `${rootPath}categories/${encodeURIComponent(id)}/` });
      a.append(bi(name[0], name[1]));
      chips.append(a);
    }
    li.append(el('div', { class: 'item-links' }, chips));
    li.dataset.n = String(n);
    return li;
  }

  async function showMore(list: HTMLOListElement, mySeq: number): Promise<void> {
    const next = hits.slice(shown.length, shown.length + PAGE);
    const rows = await engine.rows(next);
    if (mySeq !== seq) return;
    for (const n of next) list.append(row(n, rows.get(n)!));
    shown = shown.concat(next);
  }

  function setCount(total: number, partial: boolean): void {
    const l = lang();
    const num = total.toLocaleString(l === 'zh' ? 'zh-CN' : 'en-US');
    count.textContent = l === 'zh' ? `${num} 篇论文${partial ? '（部分匹配）' : ''}` : `${num} ${total === 1 ? 'paper' : 'papers'}${partial ? ' (matching some of the words)' : ''}`;
  }

  let lastTotal = 0;
  let lastPartial = false;

  async function run(): Promise<void> {
    const mySeq = ++seq;
    const st = state;
    toControls(st);
    const facets: Facets = { ...(st.tag ? { tag: st.tag } : {}), ...(st.from !== undefined ? { from: st.from } : {}), ...(st.to !== undefined ? { to: st.to } : {}), code: st.code };
    let found;
    try {
      found = await engine.search(st.q, facets, effectiveSort(st));
    } catch (e) {
      console.error(e);
      if (mySeq === seq) {
        results.replaceChildren(el('p', { class: 'status' }, s('indexError')));
      }
      return;
    }
    if (mySeq !== seq) return;
    // Counts per category ignore the category filter itself, so more categories can be added.
    const counts = engine.categoryCounts(found.ids);
    for (const box of cb('cat')) {
      const i = engine.meta.cats.indexOf(box.value);
      const n = box.closest('label')?.querySelector('.n');
      if (n) {
        n.textContent = String(counts[i] ?? 0);
        n.classList.toggle('zero', !counts[i]);
      }
    }
    const catFilter = st.cats.length ? engine.filter({ cats: st.cats }) : undefined;
    hits = catFilter ? found.ids.filter(catFilter) : found.ids;
    shown = [];
    lastTotal = hits.length;
    lastPartial = found.partial;
    setCount(hits.length, found.partial);
    const list = el('ol', { class: 'papers', role: 'list' });
    if (!hits.length) {
      results.replaceChildren(el('p', { class: 'status' }, s('noResults')));
      return;
    }
    await showMore(list, mySeq);
    if (mySeq !== seq) return;
    const more = el('button', { class: 'btn', type: 'button' }, s('showMore'));
    const moreWrap = el('div', { class: 'more' }, more);
    more.addEventListener('click', async () => {
      await showMore(list, seq);
      moreWrap.hidden = shown.length >= hits.length;
    });
    moreWrap.hidden = shown.length >= hits.length;
    results.replaceChildren(list, moreWrap);
    results.dataset.ready = 'true';
  }

  input.addEventListener('input', () => commit(fromControls(), true));
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      lastPushWasTyping = false;
    }
  });
  form.addEventListener('change', () => commit(fromControls(), false));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    commit(fromControls(), false);
  });
  form.querySelector('.clear')?.addEventListener('click', (e) => {
    e.preventDefault();
    commit({ q: state.q, cats: [], code: false, ...(state.sort ? { sort: state.sort } : {}) }, false);
  });
  sortSel.addEventListener('change', () => commit(fromControls(sortSel.value as SearchState['sort']), false));
  window.addEventListener('popstate', () => {
    state = parseState(location.search);
    lastPushWasTyping = false;
    void run();
  });
  document.addEventListener('ps:lang', () => {
    setCount(lastTotal, lastPartial);
    const moreBtn = results.querySelector<HTMLButtonElement>('.more button');
    if (moreBtn) moreBtn.textContent = s('showMore');
  });
  if (!input.value && state.q) input.value = state.q;
  if (state.q || document.activeElement === document.body) input.focus();
  await run();
}
