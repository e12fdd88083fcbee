/**
 * The URL layout of the built site, shared by the site pages, the feeds and the exports. Paths are relative to the
 * site's base (e.g. "/llm-papers/"), always with a trailing slash for pages so they work from any static host.
 */
export const urls = {
  home: () => '',
  paper: (stem: string) => `papers/${encodeURIComponent(stem)}/`,
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

/** Joins a base ("/llm-papers/" or "https://host/llm-papers/") and a site path. */
export function joinUrl(base: string, path: string): string {
  return base.replace(/\/?$/, '/') + path.replace(/^\//, '');
}
