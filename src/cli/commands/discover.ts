import { CATALOG_HELP, CATALOG_OPTION, resolveCatalog, usage, type Command } from '../command.js';
import { listFlag } from './add.js';
import { STORE_HELP, STORE_OPTION } from './harvest.js';

export const discoverCommand: Command = {
  summary: 'rank harvested papers by relevance to the catalog, per category and overall',
  usage: 'papershelf discover [--since 7d] [--categories cs.CL,cs.LG] [--category ID] [--top N] [--format table|json] [--store FILE] [--catalog DIR]',
  options: { ...CATALOG_OPTION, ...STORE_OPTION, since: { type: 'string' }, categories: { type: 'string', multiple: true }, category: { type: 'string', multiple: true }, top: { type: 'string' }, format: { type: 'string' } },
  help: `${STORE_HELP}
${CATALOG_HELP}
  --since 7d      only papers announced (or first submitted) in the last 7 days; also 2w, 3m, 1y or a day
                  YYYY-MM-DD (default: the whole store)
  --categories C  only papers in these arXiv categories (comma-separated or repeated), e.g. cs.CL,cs.LG
  --category ID   rank for these catalog categories only (default: every category with 3+ papers in the store)
  --top N         suggestions per list (default 10 in a table, 20 in JSON)
  --format json   everything as JSON: each suggestion with its scores, terms, closest catalog papers, abstract
Papers already in the catalog and those in catalog/rejected.yaml are left out. A classifier per catalog category
(TF-IDF, linear SVM: the arxiv-sanity-lite recipe, see DESIGN.md) scores each paper; a score is how many standard
deviations it stands above an ordinary paper of the store. Harvest first: papershelf harvest --help.`,
  examples: ['papershelf discover --since 7d', 'papershelf discover --since 2026-06-01 --categories cs.CL --top 20', 'papershelf discover --category rag --format json'],
  async run(values, _p, io) {
    const topText = values.top as string | undefined;
    if (topText !== undefined && !/^[1-9]\d{0,4}$/.test(topText)) throw usage(`--top takes a positive number, not "${topText}"`);
    if (values.format !== undefined && values.format !== 'table' && values.format !== 'json') throw usage(`--format takes table or json, not "${values.format}"`);
    const json = values.format === 'json';
    const [{ discover }, { resolveStorePath }] = await Promise.all([import('../../commands/discover.js'), import('../../store/store.js')]);
    const only = listFlag(values, 'category');
    const arxivCategories = listFlag(values, 'categories');
    const r = await discover({
      catalog: resolveCatalog(values.catalog as string | undefined),
      store: resolveStorePath(values.store as string | undefined),
      ...(values.since ? { since: values.since as string } : {}),
      ...(arxivCategories.length ? { arxivCategories } : {}),
      ...(only.length ? { only } : {}),
      top: topText ? Number(topText) : json ? 20 : 10,
    });
    if (json) return io.out(JSON.stringify(r, null, 2)), 0;
    const trained = r.categories.filter((c) => c.trained);
    io.out(`${r.candidates} candidate(s) of ${r.papers} papers in the store${r.sinceDay ? ` since ${r.sinceDay}` : ''}; ${trained.length} catalog categor${trained.length === 1 ? 'y' : 'ies'} ranked (${(r.ms / 1000).toFixed(1)} s${r.features.rebuilt ? `; features rebuilt: ${r.features.rebuilt}` : r.features.vectorized ? `; ${r.features.vectorized} new paper(s) vectorized` : ''})`);
    if (r.catalogWithoutAbstract.length) io.err(`note: ${r.catalogWithoutAbstract.length} catalog paper(s) have no abstract in the store and teach the ranking by title only: run papershelf harvest --abstracts`);
    const skipped = r.categories.filter((c) => !c.trained);
    if (skipped.length) io.err(`note: not ranked (too few papers in the store): ${skipped.map((c) => c.id).join(', ')}`);
    if (r.candidates === 0) {
      io.out(r.sinceDay && r.newestDay && r.newestDay < r.sinceDay ? `nothing to suggest: the newest paper in the store is from ${r.newestDay}; harvest first, or use an earlier --since` : 'nothing to suggest: every paper of the store is in the catalog or rejected, or none matches the filters');
      return 0;
    }
    const list = (title: string, items: typeof r.overall) => {
      io.out(`\n${title}`);
      items.forEach((s, i) => {
        io.out(`${String(i + 1).padStart(3)}. ${s.score.toFixed(1).padStart(5)}  ${s.id.padEnd(16)} ${s.title}`);
        io.out(`       ${[s.day, s.arxivCategories.slice(0, 3).join(' '), `fits ${s.scores.map((x) => `${x.category} ${x.score.toFixed(1)}`).join(', ')}`].filter(Boolean).join(' · ')}`);
        if (s.terms.length) io.out(`       terms: ${s.terms.map((t) => t.term).join(', ')}`);
        if (s.closest.length) io.out(`       like: ${s.closest.map((c) => `${c.id} "${c.title.length > 60 ? c.title.slice(0, 59) + '…' : c.title}"`).join('; ')}`);
      });
    };
    list('Overall (best category first):', r.overall);
    for (const c of r.byCategory) list(`${c.name} (${c.id}, ${r.categories.find((x) => x.id === c.id)?.positives ?? 0} catalog papers):`, c.suggestions);
    io.out('\naccept with: papershelf accept ID --category C    reject with: papershelf reject ID');
    return 0;
  },
};
