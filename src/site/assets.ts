/**
 * The static assets of the site, served from `assets/<version>/` (the version is a hash of their contents, so
 * browsers may cache them for good and a new build never mixes old and new scripts):
 *   site.css     the stylesheet (style.ts)
 *   boot.js      a tiny blocking script in <head>: applies the saved language and theme before the first paint
 *   app.js …     the client modules, compiled by tsc from src/site/client/*.ts (read from dist/)
 *   searchable-map.js  MiniSearch's SearchableMap (the radix tree with prefix and fuzzy lookup the engine uses),
 *                copied from node_modules/minisearch (MIT licence kept in the file header)
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FAVICON_SVG } from './icons.js';
import { CSS } from './style.js';

export const CLIENT_MODULES = ['app.js', 'search.js', 'engine.js', 'state.js', 'format.js', 'tokenize.js'] as const;

/**
 * Runs before the first paint: the reader's saved language (else the browser's) and theme. Plain script, not a
 * module, so it blocks rendering for the microseconds it takes; it touches no catalog data.
 */
export const BOOT_JS = `(function () {
  var d = document.documentElement, l = null, t = null;
  try { l = localStorage.getItem('ps-lang'); t = localStorage.getItem('ps-theme'); } catch (e) {}
  if (l !== 'en' && l !== 'zh') l = /^zh\\b/i.test(navigator.language || '') ? 'zh' : 'en';
  d.setAttribute('data-lang', l);
  d.lang = l === 'zh' ? 'zh-CN' : 'en';
  var title = d.getAttribute('data-title-' + l);
  if (title) document.title = title;
  if (t === 'dark' || t === 'light') d.setAttribute('data-theme', t);
})();
`;

/** Where the compiled client modules are: beside this file when running from dist/, else in dist/ (tsx, tests). */
function clientDir(): string {
  const here = new URL('./client/', import.meta.url);
  if (existsSync(new URL('app.js', here))) return fileURLToPath(here);
  const fromSrc = fileURLToPath(here).replace(/([\\/])src([\\/]site[\\/]client[\\/])$/, '$1dist$2');
  if (existsSync(fromSrc + 'app.js')) return fromSrc;
  throw new Error('the site scripts are not compiled: run `npx tsc -p tsconfig.json` first');
}

function searchableMapSource(): string {
  const path = fileURLToPath(import.meta.resolve('minisearch/SearchableMap'));
  const src = readFileSync(path, 'utf8').replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n');
  return `/*! MiniSearch (https://github.com/lucaong/minisearch) — MIT License, Copyright 2022 Luca Ongaro */\n${src}`;
}

export interface Assets {
  /** "assets/<version>/" */
  dir: string;
  files: Map<string, string>;
}

let cached: Omit<Assets, 'dir'> & { version: string } | undefined;

export function siteAssets(): Assets {
  if (!cached) {
    const files = new Map<string, string>();
    files.set('site.css', CSS.trim() + '\n');
    files.set('boot.js', BOOT_JS);
    files.set('icon.svg', FAVICON_SVG);
    const dir = clientDir();
    for (const name of CLIENT_MODULES) files.set(name, readFileSync(dir + name, 'utf8').replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n'));
    files.set('searchable-map.js', searchableMapSource());
    const hash = createHash('sha256');
    for (const [name, content] of files) hash.update(name).update(content);
    cached = { version: hash.digest('hex').slice(0, 10), files };
  }
  const dir = `assets/${cached.version}/`;
  return { dir, files: new Map([...cached.files].map(([name, content]) => [dir + name, content])) };
}
