/**
 * Runs on every page (a module, deferred): the language and theme switches, "/" to search, "copy BibTeX", and
 * the search page, loaded only there. Never writes catalog text as HTML: only textContent and attributes.
 */
export type UiLang = 'en' | 'zh';

const root = document.documentElement;

export function currentLang(): UiLang {
  return root.dataset.lang === 'zh' ? 'zh' : 'en';
}

function store(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Private mode or storage disabled: the choice lasts for this page only.
  }
}

/** Applies a language: the stylesheet swaps the texts, this swaps attributes and the document title. */
export function applyLang(lang: UiLang): void {
  root.dataset.lang = lang;
  root.lang = lang === 'zh' ? 'zh-CN' : 'en';
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    for (const attr of (el.dataset.i18n ?? '').split(',')) {
      const v = el.getAttribute(`data-${lang}-${attr}`);
      if (v === null) continue;
      if (attr === 'text') el.textContent = v;
      else el.setAttribute(attr, v);
    }
  }
  const title = root.getAttribute(`data-title-${lang}`);
  if (title) document.title = title;
  document.dispatchEvent(new CustomEvent('ps:lang', { detail: lang }));
}

function setupLang(): void {
  const btn = document.getElementById('lang-toggle');
  if (!btn) return;
  btn.hidden = false;
  btn.addEventListener('click', () => {
    const next = currentLang() === 'zh' ? 'en' : 'zh';
    store('ps-lang', next);
    applyLang(next);
  });
  applyLang(currentLang());
}

function effectiveTheme(): 'light' | 'dark' {
  const set = root.dataset.theme;
  if (set === 'light' || set === 'dark') return set;
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

function setupTheme(): void {
  const btn = document.getElementById('theme-toggle');
  if (!btn) return;
  btn.hidden = false;
  const sync = () => btn.setAttribute('aria-pressed', String(effectiveTheme() === 'dark'));
  btn.addEventListener('click', () => {
    const next = effectiveTheme() === 'dark' ? 'light' : 'dark';
    root.dataset.theme = next;
    store('ps-theme', next);
    sync();
  });
  sync();
}

/** "/" focuses the page's search box unless the reader is typing somewhere. */
function setupSlash(): void {
  document.addEventListener('keydown', (e) => {
    if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
    const t = e.target as HTMLElement | null;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    const input = document.querySelector<HTMLInputElement>('#q, #home-q, #nf-q, #site-q');
    if (!input) return;
    e.preventDefault();
    input.focus();
    input.select();
  });
}

function setupCopy(): void {
  for (const btn of document.querySelectorAll<HTMLButtonElement>('button[data-copy]')) {
    const target = document.getElementById(btn.dataset.copy ?? '');
    if (!target) continue;
    btn.hidden = false;
    const status = btn.parentElement?.querySelector<HTMLElement>('.copy-status');
    const label = btn.querySelector<HTMLElement>('.copy-label');
    const done = btn.querySelector<HTMLElement>('.copy-done');
    btn.addEventListener('click', async () => {
      const text = target.textContent ?? '';
      let ok = false;
      try {
        await navigator.clipboard.writeText(text);
        ok = true;
      } catch {
        // No clipboard permission (plain http, old browser): select the text so Ctrl+C copies it.
        const range = document.createRange();
        range.selectNodeContents(target);
        const sel = getSelection();
        sel?.removeAllRanges();
        sel?.addRange(range);
      }
      btn.dataset.state = ok ? 'copied' : 'selected';
      if (ok && label && done) {
        label.hidden = true;
        done.hidden = false;
        setTimeout(() => {
          label.hidden = false;
          done.hidden = true;
          delete btn.dataset.state;
        }, 2000);
      }
      if (status) status.textContent = ok ? (currentLang() === 'zh' ? '已复制 BibTeX' : 'BibTeX copied') : currentLang() === 'zh' ? '请选中文本后复制' : 'Text selected: press Ctrl+C to copy';
    });
  }
}

setupLang();
setupTheme();
setupSlash();
setupCopy();

const app = document.getElementById('search-app');
if (app) {
  import('./search.js').then((m) => m.start(app)).catch((e: unknown) => console.error(e));
}
