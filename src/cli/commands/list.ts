import { CATALOG_HELP, CATALOG_OPTION, resolveCatalog, type Command } from '../command.js';

export const listCommand: Command = {
    summary: 'list papers, filtered by category, tag or year',
    usage: 'papershelf list [--category ID]... [--tag ID]... [--year YYYY[-YYYY]] [--format table|json]',
    options: { ...CATALOG_OPTION, category: { type: 'string', multiple: true }, tag: { type: 'string', multiple: true }, year: { type: 'string' }, format: { type: 'string' } },
    help: `${CATALOG_HELP}\n  --category ID   papers in this category or its sub-categories (repeat for several)\n  --tag ID        papers with this tag (repeat: all of them)\n  --year Y        a year, or a range 2020-2023\n  --format json   the entries as a JSON array, in the same shape as the files`,
    examples: ['papershelf list --category rlhf', 'papershelf list --tag must-read --year 2023-2025 --format json'],
    async run(values, _p, io) {
      const { listPapers } = await import('../../commands/list.js');
      const papers = listPapers({ catalog: resolveCatalog(values.catalog as string | undefined), category: values.category as string[] | undefined, tag: values.tag as string[] | undefined, year: values.year as string | undefined });
      if (values.format === 'json') return io.out(JSON.stringify(papers, null, 2)), 0;
      const rows = papers.map((p) => [p.arxiv ?? p.doi ?? p.id ?? '', p.date ?? '', p.categories.join(','), p.title]);
      const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length), 4));
      const line = (r: string[]) => r.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c)).join('  ');
      io.out(line(['id', 'date', 'categories', 'title']));
      for (const r of rows) io.out(line(r));
      io.out(`${rows.length} paper(s)`);
      return 0;
    },
  };
