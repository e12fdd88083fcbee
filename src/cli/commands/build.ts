import { CATALOG_HELP, CATALOG_OPTION, resolveCatalog, type Command } from '../command.js';
import { build } from '../../commands/build.js';

export const buildCommand: Command = {
    summary: 'write the reading list (Markdown) from the catalog',
    usage: 'papershelf build [--catalog DIR]',
    options: { ...CATALOG_OPTION },
    help: `${CATALOG_HELP}\nWrites reading-list.md next to the catalog folder (split into reading-list/*.md past 500 KB) and fills\nthe block between <!-- papershelf:list:start --> and <!-- papershelf:list:end --> in README.md.`,
    examples: ['papershelf build', 'papershelf build --catalog my-list/catalog'],
    run(values, _p, io) {
      const r = build({ catalog: resolveCatalog(values.catalog as string | undefined) });
      for (const f of r.written) io.out(`wrote ${f}`);
      io.out(`${r.papers} papers; ${r.written.length} file(s) written, ${r.unchanged.length} unchanged`);
      return 0;
    },
  };
