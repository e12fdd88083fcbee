/**
 * The URL layout of the built site, shared by the site pages, the feeds and the exports. Paths are relative to the
 * site's base (e.g. "/llm-papers/"). Section pages are folders ("categories/rlhf/" → its index.html); a paper page and
 * a further page of a list are plain files ("papers/2305.18290.html", "categories/rlhf/2.html"): they work from any
 * static host and from file://, and a catalog of 100k papers does not need 100k folders (creating a folder costs as
 * much as writing a page). Hosts with clean URLs (GitHub Pages, `papershelf serve`) also answer without ".html".
 */
export const urls = {
  home: () => '',
  paper: (stem: string) => `papers/${encodeURIComponent(stem)}.html`,
  category: (id: string) => `categories/${encodeURIComponent(id)}/`,
  tag: (id: string) => `tags/${encodeURIComponent(id)}/`,
  search: () => 'search/',
  feed: (scope: FeedScope, format: 'atom' | 'rss' | 'json') => `feeds/${scopePath(scope)}.${format === 'json' ? 'json' : `${format}.xml`}`,
  export: (format: 'bibtex' | 'ris' | 'csl-json' | 'csv' | 'json') => `exports/papers.${{ bibtex: 'bib', ris: 'ris', 'csl-json': 'csl.json', csv: 'csv', json: 'json' }[format]}`,
  schema: (name: string) => `schema/${name}.schema.json`,
};

export type FeedScope = { kind: 'all' } | { kind: 'category'; id: string } | { kind: 'tag'; id: string };

function scopePath(scope: FeedScope): string {
  return scope.kind === 'all' ? 'all' : `${scope.kind}/${encodeURIComponent(scope.id)}`;
}

/** The file a page path is written to: a folder's index.html, or the file itself. */
export function pageFile(path: string): string {
  return path === '' || path.endsWith('/') ? `${path}index.html` : path;
}

/** Joins a base ("/llm-papers/" or "https://host/llm-papers/") and a site path. */
export function joinUrl(base: string, path: string): string {
  return base.replace(/\/?$/, '/') + path.replace(/^\//, '');
}
