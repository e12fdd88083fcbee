import { formatProblem } from '../../model/problems.js';
import { CATALOG_HELP, CATALOG_OPTION, resolveCatalog, usage, type Command, type Values } from '../command.js';
import { terminalProgress } from '../progress.js';

/** Repeatable flags also take comma-separated lists: --category rlhf,reasoning. */
export function listFlag(values: Values, name: string): string[] {
  const v = values[name];
  const all = Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
  return all.flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean);
}

const SURE: Record<string, string> = { high: 'fairly sure', medium: 'not sure: check them', low: 'unsure: the catalog has nothing close' };

export const addCommand: Command = {
  summary: 'add papers by arXiv id, arXiv link or DOI, with their facts fetched from the sources',
  usage: 'papershelf add <ref>... [--category ID]... [--tag ID]... [--why-en TEXT] [--why-zh TEXT] [--catalog DIR] [--dry-run] [--fresh] [--format text|json]',
  options: {
    ...CATALOG_OPTION,
    category: { type: 'string', multiple: true },
    tag: { type: 'string', multiple: true },
    'why-en': { type: 'string' },
    'why-zh': { type: 'string' },
    'dry-run': { type: 'boolean' },
    fresh: { type: 'boolean' },
    format: { type: 'string' },
  },
  help: `${CATALOG_HELP}
  --category ID   a category from taxonomy.yaml (repeatable, or comma-separated); without it, add suggests
                  categories and writes nothing
  --tag ID        a tag from taxonomy.yaml (repeatable)
  --why-en TEXT   the reason to read, in English; --why-zh TEXT in Chinese
  --dry-run       report what would be added, write nothing
  --fresh         ask the sources again instead of using cached answers
  --format json   print the result as JSON
A ref is an arXiv id or link in any form (2305.18290, 2305.18290v2, arXiv:2305.18290, https://arxiv.org/abs/…,
…/pdf/….pdf, hep-th/9901001) or a DOI (10.…, https://doi.org/…). Title, authors, first-version date, venue,
DOI and code link come from arXiv, Semantic Scholar and Crossref; base URLs and the cache are configured by
PAPERSHELF_ARXIV_API, PAPERSHELF_S2_API, PAPERSHELF_DOI_API, PAPERSHELF_S2_API_KEY, PAPERSHELF_CACHE_DIR or
~/.config/papershelf/config.yaml. Exit code 1 when a ref failed.`,
  examples: [
    'papershelf add 2305.18290',
    'papershelf add https://arxiv.org/abs/2305.18290v2 --category rlhf --tag must-read --why-en "RLHF without a reward model."',
    'papershelf add 2106.09685 2305.14314 --category peft',
    'papershelf add 10.1162/neco.1997.9.8.1735 --category pretraining-architecture',
  ],
  async run(values, positionals, io) {
    if (!positionals.length) throw usage('add needs at least one arXiv id, arXiv link or DOI');
    // Loaded on demand, so that other commands start without the sources' modules.
    const [{ addPapers }, { openSources }] = await Promise.all([import('../../commands/add.js'), import('../../sources/lookup.js')]);
    const progress = terminalProgress();
    const sources = openSources({ fresh: !!values.fresh, ...(progress ? { onEvent: progress.onEvent, onProgress: progress.onProgress } : {}) });
    const why = { ...(values['why-en'] ? { en: values['why-en'] as string } : {}), ...(values['why-zh'] ? { zh: values['why-zh'] as string } : {}) };
    let r;
    try {
      r = await addPapers({ catalog: resolveCatalog(values.catalog as string | undefined), refs: positionals, categories: listFlag(values, 'category'), tags: listFlag(values, 'tag'), why, dryRun: !!values['dry-run'], sources });
    } finally {
      progress?.done();
    }
    if (values.format === 'json') {
      io.out(JSON.stringify(r, null, 2));
      return r.failed.length ? 1 : 0;
    }
    const verb = r.dryRun ? 'would add' : 'added';
    for (const a of r.added) io.out(`${verb} ${a.file}: "${a.title}" (${[a.version ? `v${a.version}` : '', a.date, a.venue].filter(Boolean).join(', ')})`);
    for (const p of r.present) io.out(`${p.ref}: already in the catalog as ${p.file} ("${p.title}"); nothing updated`);
    for (const s of r.suggested) {
      const cats = s.categories.map((c) => `${c.id} (${c.score.toFixed(2)})`).join(', ');
      io.out(`${s.ref} "${s.title}": ${cats ? `suggested categories ${cats} — ${SURE[s.confidence]}` : 'no category to suggest (the taxonomy is empty)'}`);
    }
    if (r.suggested.length) {
      // One command per best category, so that each paper is confirmed with its own suggestion.
      const byBest = new Map<string, string[]>();
      for (const s of r.suggested) {
        const best = s.categories[0]?.id ?? 'ID';
        byBest.set(best, [...(byBest.get(best) ?? []), s.ref]);
      }
      const quote = (ref: string) => (/^[\w.:/%?=&+-]+$/.test(ref) ? ref : `'${ref.replace(/'/g, "'\\''")}'`);
      io.out(`nothing written for ${r.suggested.length} paper(s) without --category: confirm with`);
      for (const [best, refs] of byBest) io.out(`  papershelf add ${refs.map(quote).join(' ')} --category ${best}`);
    }
    for (const w of r.warnings) io.out(`warning: ${w}`);
    for (const f of r.failed) io.err(formatProblem({ code: f.code, severity: 'error', message: `${f.ref}: ${f.message}`, ...(f.hint ? { hint: f.hint } : {}) }));
    io.out(`${r.added.length} ${verb}, ${r.present.length} already present, ${r.suggested.length} awaiting a category, ${r.failed.length} failed (${r.requests} request(s), ${r.fromCache} answered from the cache)`);
    return r.failed.length ? 1 : 0;
  },
};
