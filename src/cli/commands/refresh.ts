import { formatProblem } from '../../model/problems.js';
import { CATALOG_HELP, CATALOG_OPTION, resolveCatalog, type Command } from '../command.js';
import { terminalProgress } from '../progress.js';

export const refreshCommand: Command = {
  summary: 'fetch current facts (versions, venue, DOI, citations, code links) into catalog/facts.jsonl',
  usage: 'papershelf refresh [ids...] [--catalog DIR] [--dry-run] [--fresh] [--format text|json]',
  options: { ...CATALOG_OPTION, 'dry-run': { type: 'boolean' }, fresh: { type: 'boolean' }, format: { type: 'string' } },
  help: `${CATALOG_HELP}
  ids             only these papers (arXiv ids, DOIs, links or file names); default: all
  --dry-run       report what would change, write nothing
  --fresh         ask the sources again instead of using cached answers (kept 1 day by default)
  --format json   print the result as JSON
Writes catalog/facts.jsonl (one line per paper, machine-maintained; the YAML entries are never touched),
only when a fact changed. arXiv is asked in batches of 100 ids, one request every 3 s as arXiv asks; Semantic Scholar in
batches of 500. Exit code 1 when a paper could not be refreshed.`,
  examples: ['papershelf refresh', 'papershelf refresh 2305.18290 2106.09685', 'papershelf refresh --dry-run --format json'],
  async run(values, positionals, io) {
    // Loaded on demand, so that other commands start without the sources' modules.
    const [{ refresh }, { openSources }] = await Promise.all([import('../../commands/refresh.js'), import('../../sources/lookup.js')]);
    const progress = terminalProgress();
    const sources = openSources({ fresh: !!values.fresh, ...(progress ? { onEvent: progress.onEvent, onProgress: progress.onProgress } : {}) });
    let r;
    try {
      r = await refresh({ catalog: resolveCatalog(values.catalog as string | undefined), ids: positionals, dryRun: !!values['dry-run'], sources });
    } finally {
      progress?.done();
    }
    if (values.format === 'json') {
      io.out(JSON.stringify(r, null, 2));
      return r.failed.length ? 1 : 0;
    }
    const shown = r.changed.slice(0, 50);
    for (const c of shown) io.out(`${r.dryRun ? 'would update' : 'updated'} ${c.stem}: ${c.what.join(', ')}`);
    if (r.changed.length > shown.length) io.out(`… and ${r.changed.length - shown.length} more (--format json lists all)`);
    for (const w of r.warnings) io.out(`warning: ${w}`);
    for (const f of r.failed) io.err(formatProblem({ code: f.code, severity: 'error', ...(f.file ? { file: f.file } : {}), message: `${f.ref}: ${f.message}`, ...(f.hint ? { hint: f.hint } : {}) }));
    io.out(`${r.papers} paper(s) looked up: facts of ${r.changed.length} paper(s) ${r.dryRun ? 'would change' : 'updated'}, ${r.unchanged} unchanged, ${r.failed.length} failed${r.skipped.length ? `, ${r.skipped.length} skipped (no arXiv id or DOI)` : ''} (${r.requests} request(s), ${r.fromCache} answered from the cache)`);
    return r.failed.length ? 1 : 0;
  },
};
