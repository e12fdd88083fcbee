import { CATALOG_HELP, CATALOG_OPTION, resolveCatalog, usage, type Command } from '../command.js';
import { STORE_HELP, STORE_OPTION } from './harvest.js';

export const rejectCommand: Command = {
  summary: 'remember discovered papers as not for this list, so no curator is shown them again',
  usage: 'papershelf reject <arXiv id>... [--reason TEXT] [--store FILE] [--catalog DIR]',
  options: { ...CATALOG_OPTION, ...STORE_OPTION, reason: { type: 'string' }, format: { type: 'string' } },
  help: `${STORE_HELP}
${CATALOG_HELP}
  --reason TEXT   why (kept in the file, for the other curators)
  --format json   print the result as JSON
Adds the papers to catalog/rejected.yaml (commit it with the catalog): discover and the triage page skip them.
Delete an entry from that file to have the paper suggested again.`,
  examples: ['papershelf reject 2506.01234', 'papershelf reject 2506.01234 2506.04321 --reason "survey of surveys"'],
  async run(values, positionals, io) {
    if (!positionals.length) throw usage('reject needs at least one arXiv id');
    const [{ reject }, { resolveStorePath }] = await Promise.all([import('../../commands/triage.js'), import('../../store/store.js')]);
    const r = reject({ catalog: resolveCatalog(values.catalog as string | undefined), store: resolveStorePath(values.store as string | undefined), ids: positionals, ...(values.reason ? { reason: values.reason as string } : {}) });
    if (values.format === 'json') return io.out(JSON.stringify(r, null, 2)), 0;
    for (const x of r.rejected) io.out(`rejected ${x.id}${x.title ? ` "${x.title}"` : ''}`);
    for (const id of r.already) io.out(`${id}: rejected before; unchanged`);
    for (const id of r.inCatalog) io.err(`${id}: in the catalog, not rejected (remove its file from catalog/papers to drop it)`);
    io.out(`${r.rejected.length} rejected (${r.file})`);
    return r.inCatalog.length ? 1 : 0;
  },
};
