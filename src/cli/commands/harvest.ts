import type { SingleBar } from 'cli-progress';
import { formatProblem } from '../../model/problems.js';
import { CATALOG_HELP, CATALOG_OPTION, resolveCatalog, usage, type Command } from '../command.js';
import { listFlag } from './add.js';

export const STORE_OPTION = { store: { type: 'string' } } as const;
export const STORE_HELP = '  --store FILE    the store of harvested papers (default: store.sqlite in the user cache folder, or $PAPERSHELF_STORE)';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export const harvestCommand: Command = {
  summary: 'harvest arXiv papers into the local store that discover ranks',
  usage: 'papershelf harvest (--from-file FILE | --oai [--from DAY] [--until DAY] [--set SET] | --api --category CAT [--since 7d] | --abstracts) [--store FILE] [--catalog DIR]',
  options: {
    ...CATALOG_OPTION,
    ...STORE_OPTION,
    'from-file': { type: 'string' },
    oai: { type: 'boolean' },
    api: { type: 'boolean' },
    abstracts: { type: 'boolean' },
    'no-abstracts': { type: 'boolean' },
    from: { type: 'string' },
    until: { type: 'string' },
    set: { type: 'string' },
    'metadata-format': { type: 'string' },
    'oai-url': { type: 'string' },
    category: { type: 'string', multiple: true },
    since: { type: 'string' },
    'max-requests': { type: 'string' },
    format: { type: 'string' },
  },
  help: `${STORE_HELP}
${CATALOG_HELP}
 One source:
  --from-file F   JSON lines, plain or gzip: the arXiv metadata snapshot (arxiv-metadata-oai-snapshot.json) or lines
                  of papers with id, title, abstract (or summary), authors, categories and a date (announced,
                  published or date). Streamed; a rerun after an interruption skips what was stored.
  --oai           arXiv's OAI-PMH interface (records changed from --from to --until, YYYY-MM-DD; default from the
                  last complete OAI harvest, else 7 days ago). --set cs|math|physics:hep-th…, --metadata-format
                  arXiv|arXivRaw (default arXiv), --oai-url URL (default https://oaipmh.arxiv.org/oai).
                  Resumption tokens are stored: rerun the same command to resume an interrupted harvest.
  --api           the arXiv API: --category cs.CL (repeatable or comma-separated), submitted --since 7d (or 2w,
                  a day) or --from DAY [--until DAY]. One request every 3 s; rerun the same command to resume.
  --abstracts     only fill in the abstracts of the catalog's papers (below)
 Then the abstracts of the catalog's own papers are completed (from catalog/facts, else from arXiv by id), since
 ranking learns from them; --no-abstracts skips that step.
  --max-requests N  stop after N requests (OAI-PMH, API); rerun to continue
  --format json   print the reports as JSON`,
  examples: [
    'papershelf harvest --from-file arxiv-metadata-oai-snapshot.json.gz',
    'papershelf harvest --oai --set cs --from 2026-11-20',
    'papershelf harvest --api --category cs.CL,cs.LG --since 7d',
    'papershelf harvest --abstracts',
  ],
  async run(values, _p, io) {
    const modes = [values['from-file'] !== undefined, !!values.oai, !!values.api, !!values.abstracts].filter(Boolean).length;
    if (modes !== 1) throw usage('harvest needs exactly one of --from-file FILE, --oai, --api or --abstracts');
    if (values.abstracts && values['no-abstracts']) throw usage('--abstracts and --no-abstracts contradict each other');
    const format = values['metadata-format'] as string | undefined;
    if (format !== undefined && format !== 'arXiv' && format !== 'arXivRaw') throw usage(`--metadata-format takes arXiv or arXivRaw, not "${format}"`);
    const maxText = values['max-requests'] as string | undefined;
    if (maxText !== undefined && !/^[1-9]\d{0,6}$/.test(maxText)) throw usage(`--max-requests takes a positive number, not "${maxText}"`);
    const categories = listFlag(values, 'category');
    if (!values.api && (categories.length || values.since)) throw usage('--category and --since go with --api');
    if (values.api && !categories.length) throw usage('harvest --api needs --category, e.g. --category cs.CL');
    const [{ harvest }, { resolveStorePath }, { default: progress }] = await Promise.all([import('../../commands/harvest.js'), import('../../store/store.js'), import('cli-progress')]);
    const store = resolveStorePath(values.store as string | undefined);
    const str = (k: string) => values[k] as string | undefined;
    const source = values['from-file'] !== undefined
      ? { kind: 'file' as const, file: str('from-file')! }
      : values.oai
        ? { kind: 'oai' as const, ...(str('oai-url') ? { url: str('oai-url')! } : {}), ...(format ? { format: format as 'arXiv' | 'arXivRaw' } : {}), ...(str('set') ? { set: str('set')! } : {}), ...(str('from') ? { from: str('from')! } : {}), ...(str('until') ? { until: str('until')! } : {}) }
        : values.api
          ? { kind: 'api' as const, categories, ...(str('since') ? { since: str('since')! } : {}), ...(str('from') ? { from: str('from')! } : {}), ...(str('until') ? { until: str('until')! } : {}) }
          : { kind: 'abstracts' as const };
    // A progress bar on a terminal only (stderr), so piped output stays clean.
    const tty = !!process.stderr.isTTY && values.format !== 'json';
    let bar: SingleBar | undefined;
    let barStep = '';
    const r = await harvest({
      store,
      source,
      catalog: resolveCatalog(values.catalog as string | undefined),
      abstracts: !values['no-abstracts'],
      ...(maxText ? { maxPages: Number(maxText) } : {}),
      ...(tty
        ? {
            onProgress: (step, p) => {
              if (step !== barStep) {
                bar?.stop();
                barStep = step;
                const unit = p.unit === 'bytes' ? '{value}/{total} MB' : '{value}/{total}';
                bar = new progress.SingleBar({ format: `${step} [{bar}] {percentage}% ${unit} · {papers} papers · ETA {eta_formatted}`, stream: process.stderr, hideCursor: true, clearOnComplete: true }, undefined);
                bar.start(p.total === null ? 0 : scale(p.total, p.unit), 0, { papers: 0 });
              }
              if (p.total !== null) bar!.setTotal(scale(p.total, p.unit));
              bar!.update(scale(p.done, p.unit), { papers: p.papers });
            },
          }
        : {}),
    }).finally(() => bar?.stop());
    if (values.format === 'json') return io.out(JSON.stringify(r, null, 2)), 0;
    for (const rep of r.reports) {
      const resumed = rep.resumedFrom !== undefined ? ` (resumed from ${typeof rep.resumedFrom === 'number' ? `line ${rep.resumedFrom}` : rep.resumedFrom})` : '';
      io.out(`${rep.source} ${rep.target}${resumed}: read ${rep.read}, ${rep.inserted} new, ${rep.updated} updated, ${rep.unchanged} unchanged, ${rep.refused} refused${rep.requests ? `, ${rep.requests} request(s)` : ''} in ${seconds(rep.ms)}${rep.complete ? '' : ' — not finished: run the same command again to continue'}`);
      for (const p of rep.problems) io.err(formatProblem(p));
      if (rep.refused > rep.problems.length && rep.problems.length) io.err(`  … and ${rep.refused - rep.problems.length} more refused (--format json has the counts)`);
    }
    io.out(`store ${r.store}: ${r.papers} papers${r.newestDay ? `, newest from ${r.newestDay}` : ''}`);
    return 0;
  },
};

/** Progress in MB for bytes (the bar shows whole numbers). */
function scale(n: number, unit: 'bytes' | 'records'): number {
  return unit === 'bytes' ? Math.round(n / 1e6) : n;
}
