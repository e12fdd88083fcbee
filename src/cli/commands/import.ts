import { CATALOG_HELP, CATALOG_OPTION, resolveCatalog, usage, type Command } from '../command.js';
import { formatProblem } from '../../model/problems.js';
import { terminalProgress } from '../progress.js';

export const importCommand: Command = {
    summary: 'import an awesome-style Markdown list or a BibTeX file into the catalog',
    usage: 'papershelf import <list.md|refs.bib> [--catalog DIR] [--dry-run] [--format text|json]',
    options: { ...CATALOG_OPTION, 'dry-run': { type: 'boolean' }, format: { type: 'string' } },
    help: `${CATALOG_HELP}\n  --dry-run       report what would change, write nothing\n  --format json   print the report as JSON\nA .bib file is read as BibTeX (Zotero, Google Scholar, arXiv, Semantic Scholar exports); its arXiv entries are\ncompleted from arXiv, new papers go into the "uncategorized" category.`,
    examples: ['papershelf import reading-list.md --catalog catalog', 'papershelf import Awesome-LLM.md --catalog /tmp/llm --dry-run', 'papershelf import refs.bib'],
    async run(values, positionals, io) {
      const { importFile } = await import('../../commands/import.js');
      const file = positionals[0];
      if (!file) throw usage('import needs the Markdown or BibTeX file to read');
      const bib = /\.bib$/i.test(file);
      const progress = bib ? terminalProgress() : undefined;
      // The sources (and their XML parsers) are loaded only for BibTeX, whose arXiv entries are looked up.
      const sources = bib ? (await import('../../sources/lookup.js')).openSources(progress ? { onEvent: progress.onEvent, onProgress: progress.onProgress } : {}) : undefined;
      let r;
      try {
        r = await importFile({ catalog: resolveCatalog(values.catalog as string | undefined), file, dryRun: !!values['dry-run'], ...(sources ? { sources } : {}) });
      } finally {
        progress?.done();
      }
      if (values.format === 'json') return io.out(JSON.stringify(r, null, 2)), 0;
      const verb = r.dryRun ? 'would add' : 'added';
      io.out(`${r.source}: recognized ${r.recognized} entries; ${verb} ${r.added.length}, updated ${r.updated.length}, skipped ${r.skipped.length} (unchanged); ${r.categoriesAdded.length} new categories`);
      for (const w of r.warnings) io.out(`  ${r.source}:${w.line}: warning ${w.message}`);
      if (r.unused.length) {
        io.out(`  ${r.unused.length} line(s) could not be used:`);
        for (const u of r.unused.slice(0, 50)) io.out(`  ${r.source}:${u.line}: ${u.reason}: ${u.text}`);
        if (r.unused.length > 50) io.out(`  … and ${r.unused.length - 50} more (--format json lists all)`);
      }
      for (const f of r.failed ?? []) io.err(formatProblem({ code: f.code, severity: 'error', file: r.source, line: f.line, message: `${f.key}: ${f.message}`, ...(f.hint ? { hint: f.hint } : {}) }));
      return r.failed?.length ? 1 : 0;
    },
  };
