import { CATALOG_HELP, CATALOG_OPTION, resolveCatalog, usage, type Command } from '../command.js';
import { importList } from '../../commands/import.js';

export const importCommand: Command = {
    summary: 'import an awesome-style Markdown list into the catalog',
    usage: 'papershelf import <list.md> [--catalog DIR] [--dry-run] [--format text|json]',
    options: { ...CATALOG_OPTION, 'dry-run': { type: 'boolean' }, format: { type: 'string' } },
    help: `${CATALOG_HELP}\n  --dry-run       report what would change, write nothing\n  --format json   print the report as JSON`,
    examples: ['papershelf import reading-list.md --catalog catalog', 'papershelf import Awesome-LLM.md --catalog /tmp/llm --dry-run'],
    run(values, positionals, io) {
      const file = positionals[0];
      if (!file) throw usage('import needs the Markdown file to read');
      const r = importList({ catalog: resolveCatalog(values.catalog as string | undefined), file, dryRun: !!values['dry-run'] });
      if (values.format === 'json') return io.out(JSON.stringify(r, null, 2)), 0;
      const verb = r.dryRun ? 'would add' : 'added';
      io.out(`${r.source}: recognized ${r.recognized} entries; ${verb} ${r.added.length}, updated ${r.updated.length}, skipped ${r.skipped.length} (unchanged); ${r.categoriesAdded.length} new categories`);
      for (const w of r.warnings) io.out(`  ${r.source}:${w.line}: warning ${w.message}`);
      if (r.unused.length) {
        io.out(`  ${r.unused.length} line(s) could not be used:`);
        for (const u of r.unused.slice(0, 50)) io.out(`  ${r.source}:${u.line}: ${u.reason}: ${u.text}`);
        if (r.unused.length > 50) io.out(`  … and ${r.unused.length - 50} more (--format json lists all)`);
      }
      return 0;
    },
  };
