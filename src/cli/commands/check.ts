import { CATALOG_HELP, CATALOG_OPTION, resolveCatalog, type Command } from '../command.js';
import { terminalProgress } from '../progress.js';
import { formatProblem } from '../../model/problems.js';

export const checkCommand: Command = {
    summary: 'validate the catalog and report every problem with file, line and column',
    usage: 'papershelf check [--catalog DIR] [--format text|json] [--no-outputs] [--remote]',
    options: { ...CATALOG_OPTION, format: { type: 'string' }, 'no-outputs': { type: 'boolean' }, remote: { type: 'boolean' } },
    help: `${CATALOG_HELP}\n  --format json   print {errors, warnings, problems[]} for machines\n  --no-outputs    do not compare the committed reading list with the catalog\n  --remote        also compare titles, authors, dates and ids with arXiv / the DOI registry (network, cached)\nExit code 1 when there are errors, 0 with warnings only.`,
    examples: ['papershelf check', 'papershelf check --catalog my-list/catalog --format json', 'papershelf check --remote'],
    async run(values, _p, io) {
      const { check, checkRemote } = await import('../../commands/check.js');
      const opts = { catalog: resolveCatalog(values.catalog as string | undefined), outputs: !values['no-outputs'] };
      let r;
      if (values.remote) {
        const progress = terminalProgress();
        try {
          const { openSources } = await import('../../sources/lookup.js');
          r = await checkRemote({ ...opts, sources: openSources(progress ? { onEvent: progress.onEvent, onProgress: progress.onProgress } : {}) });
        } finally {
          progress?.done();
        }
      } else r = check(opts);
      if (values.format === 'json') io.out(JSON.stringify(r, null, 2));
      else {
        for (const p of r.problems) (p.severity === 'error' ? io.err : io.out)(formatProblem(p));
        io.out(`${r.papers} papers, ${r.resources} resources, ${r.categories} categories: ${r.errors} error(s), ${r.warnings} warning(s)`);
      }
      return r.errors > 0 ? 1 : 0;
    },
  };
