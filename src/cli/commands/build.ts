import { CATALOG_HELP, CATALOG_OPTION, resolveCatalog, type Command } from '../command.js';

export const buildCommand: Command = {
  summary: 'write the reading list (Markdown), and with --out the website, feeds and exports',
  usage: 'papershelf build [--catalog DIR] [--out DIR] [--base /path/] [--site-url URL]',
  options: { ...CATALOG_OPTION, out: { type: 'string' }, base: { type: 'string' }, 'site-url': { type: 'string' } },
  help: `${CATALOG_HELP}
  --out DIR       also write the static website, feeds and exports into DIR (replaced as a whole)
  --base PATH     the path the site is served under, e.g. /llm-papers/ for GitHub Pages (default /)
  --site-url URL  the site's public address, for feed links (default http://localhost/ + base)
Writes reading-list.md next to the catalog folder (split into reading-list/*.md past 500 KB) and fills
the block between <!-- papershelf:list:start --> and <!-- papershelf:list:end --> in README.md.`,
  examples: ['papershelf build', 'papershelf build --out site', 'papershelf build --out site --base /llm-papers/ --site-url https://me.github.io/llm-papers/'],
  async run(values, _p, io) {
    const { build } = await import('../../commands/build.js');
    const r = await build({ catalog: resolveCatalog(values.catalog as string | undefined), out: values.out as string | undefined, base: values.base as string | undefined, siteUrl: values['site-url'] as string | undefined });
    for (const f of r.written) io.out(`wrote ${f}`);
    io.out(`${r.papers} papers; ${r.written.length} file(s) written, ${r.unchanged.length} unchanged`);
    if (r.outputs) io.out(`${values.out}: ${Object.entries(r.outputs).map(([k, n]) => `${k} ${n} file(s)`).join(', ') || 'no output writers registered'}`);
    return 0;
  },
};
