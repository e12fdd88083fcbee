import { CATALOG_HELP, CATALOG_OPTION, resolveCatalog, usage, type Command } from '../command.js';
import { listFlag } from './add.js';
import { STORE_HELP, STORE_OPTION } from './harvest.js';

export const acceptCommand: Command = {
  summary: 'add a discovered paper to the catalog, with its facts from the store (no network)',
  usage: 'papershelf accept <arXiv id> --category ID [--tag ID]... [--why-en TEXT] [--why-zh TEXT] [--dry-run] [--store FILE] [--catalog DIR]',
  options: { ...CATALOG_OPTION, ...STORE_OPTION, category: { type: 'string', multiple: true }, tag: { type: 'string', multiple: true }, 'why-en': { type: 'string' }, 'why-zh': { type: 'string' }, 'dry-run': { type: 'boolean' }, format: { type: 'string' } },
  help: `${STORE_HELP}
${CATALOG_HELP}
  --category ID   the catalog category (repeatable or comma-separated); required
  --tag ID        a tag from taxonomy.yaml (repeatable)
  --why-en TEXT   the reason to read, in English; --why-zh TEXT in Chinese (check requires one of them)
  --dry-run       say what would be written, write nothing
  --format json   print the result as JSON
Creates catalog/papers/<id>.yaml the way \`add\` does, from the harvested facts: title, authors, v1 date (or the
month of the id when the store does not know the day), DOI and code link. A paper rejected before is taken off
catalog/rejected.yaml.`,
  examples: ['papershelf accept 2506.01234 --category rag', 'papershelf accept 2506.01234 --category reasoning --why-en "Shows that …"'],
  async run(values, positionals, io) {
    if (positionals.length !== 1) throw usage('accept takes one arXiv id');
    const categories = listFlag(values, 'category');
    if (!categories.length) throw usage('accept needs --category: the catalog category the paper goes in');
    const [{ accept }, { resolveStorePath }] = await Promise.all([import('../../commands/triage.js'), import('../../store/store.js')]);
    const why = { ...(values['why-en'] ? { en: values['why-en'] as string } : {}), ...(values['why-zh'] ? { zh: values['why-zh'] as string } : {}) };
    const r = accept({ catalog: resolveCatalog(values.catalog as string | undefined), store: resolveStorePath(values.store as string | undefined), id: positionals[0]!, categories, tags: listFlag(values, 'tag'), why, dryRun: !!values['dry-run'] });
    if (values.format === 'json') return io.out(JSON.stringify(r, null, 2)), 0;
    io.out(`${r.dryRun ? 'would write' : 'wrote'} ${r.file}: "${r.title}"${r.unrejected ? ' (taken off the rejected list)' : ''}`);
    for (const n of r.notes) io.out(`  to do: ${n}`);
    return 0;
  },
};
