import type { ExportFormat } from '../../commands/export.js';
import { CATALOG_HELP, CATALOG_OPTION, resolveCatalog, usage, type Command } from '../command.js';

export const exportCommand: Command = {
  summary: 'export papers as BibTeX, RIS, CSL-JSON, CSV or JSON',
  usage: 'papershelf export --format bibtex|ris|csl-json|csv|json [--category ID]... [--tag ID]... [--out FILE] [--catalog DIR]',
  options: { ...CATALOG_OPTION, format: { type: 'string' }, category: { type: 'string', multiple: true }, tag: { type: 'string', multiple: true }, out: { type: 'string' } },
  help: `${CATALOG_HELP}
  --format F      bibtex, ris, csl-json, csv, or json (the whole catalog, versioned, with taxonomy and resources)
  --category ID   papers in this category or its sub-categories (repeat for several)
  --tag ID        papers with this tag (repeat: all of them)
  --out FILE      write FILE (replaced in one step) instead of printing to standard output
Citation keys (e.g. rafailov2023direct) are the same in every format and do not depend on the selection.
\`papershelf build --out DIR\` writes the whole-catalog exports to DIR/exports/ next to the site and its feeds.`,
  examples: ['papershelf export --format bibtex > papers.bib', 'papershelf export --format ris --category rlhf --out rlhf.ris', 'papershelf export --format csv --tag must-read'],
  async run(values, _p, io) {
    const { EXPORT_FORMATS, exportCatalog } = await import('../../commands/export.js');
    const format = values.format as string | undefined;
    if (!format) throw usage('--format is required');
    if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw usage(`unknown format "${format}" (one of: ${EXPORT_FORMATS.join(', ')})`);
    const r = await exportCatalog({
      catalog: resolveCatalog(values.catalog as string | undefined),
      format: format as ExportFormat,
      category: values.category as string[] | undefined,
      tag: values.tag as string[] | undefined,
      out: values.out as string | undefined,
    });
    const what = `${r.papers} paper(s)${format === 'json' ? ` and ${r.resources} resource(s)` : ''}`;
    if (r.written) io.out(`wrote ${r.written}: ${what} as ${format}`);
    else {
      io.out(r.content.toString('utf8').replace(/\r?\n$/, ''));
      io.err(`${what} as ${format}`);
    }
    return 0;
  },
};
