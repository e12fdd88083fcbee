import { CATALOG_HELP, CATALOG_OPTION, resolveCatalog, type Command } from '../command.js';

export const fmtCommand: Command = {
    summary: 'rewrite catalog files in the canonical layout (key order, quoting)',
    usage: 'papershelf fmt [--catalog DIR] [--check]',
    options: { ...CATALOG_OPTION, check: { type: 'boolean' } },
    help: `${CATALOG_HELP}\n  --check         list the files that are not in the canonical layout, change nothing (exit 1 if any)`,
    examples: ['papershelf fmt', 'papershelf fmt --check'],
    async run(values, _p, io) {
      const { fmt } = await import('../../commands/fmt.js');
      const r = fmt({ catalog: resolveCatalog(values.catalog as string | undefined), check: !!values.check });
      for (const f of r.changed) io.out(`${values.check ? 'not canonical' : 'rewrote'}: ${f}`);
      io.out(`${r.changed.length} of ${r.total} file(s) ${values.check ? 'not in the canonical layout' : 'rewritten'}`);
      return values.check && r.changed.length ? 1 : 0;
    },
  };
