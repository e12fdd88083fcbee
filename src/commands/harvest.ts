/**
 * `papershelf harvest`: fills the local store (src/store) from one source — a bulk JSON-lines file, arXiv's OAI-PMH
 * interface, or the arXiv API by category and date — and then makes sure the catalog's own papers have their
 * abstracts in the store (ranking learns from them): from the catalog's facts files (`refresh` writes them) when
 * there, else from the arXiv API by id. Returns one report per step; the CLI prints them.
 */
import { existsSync } from 'node:fs';
import { loadCatalog } from '../catalog/load.js';
import { fillAbstracts, harvestApi, storeCatalogPapers } from '../harvest/api.js';
import { harvestFile } from '../harvest/jsonl.js';
import { harvestOai, type OaiFormat } from '../harvest/oai.js';
import type { HarvestReport, ProgressFn } from '../harvest/report.js';
import { fail } from '../model/problems.js';
import { loadSourcesConfig } from '../sources/config.js';
import { HttpClient } from '../sources/http.js';
import type { Sources } from '../sources/lookup.js';
import { readFacts } from '../sources/facts.js';
import { checkRecord, normalizeArxivId, type HarvestedPaper } from '../store/record.js';
import { Store } from '../store/store.js';
import { today as todayDefault } from './context.js';
import { sinceDay } from './discover.js';

export type HarvestSource =
  | { kind: 'file'; file: string }
  | { kind: 'oai'; url?: string; format?: OaiFormat; set?: string; from?: string; until?: string }
  | { kind: 'api'; categories: string[]; since?: string; from?: string; until?: string }
  /** Only the catalog's abstracts. */
  | { kind: 'abstracts' };

export interface HarvestOptions {
  store: string;
  source: HarvestSource;
  /** The catalog whose papers' abstracts are completed (skipped when undefined or `abstracts` is false). */
  catalog?: string;
  abstracts?: boolean;
  /** Stop after this many requests (OAI-PMH, API); a rerun resumes. */
  maxPages?: number;
  onProgress?: (step: HarvestReport['source'], p: Parameters<ProgressFn>[0]) => void;
  /** Network access (tests inject a client that talks to a local server). */
  sources?: Sources;
  today?: string;
}

export interface HarvestResult {
  store: string;
  reports: HarvestReport[];
  /** Papers in the store afterwards. */
  papers: number;
  newestDay?: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function checkDay(flag: string, v: string | undefined): void {
  if (v !== undefined && (!DAY.test(v) || Number.isNaN(Date.parse(v)))) fail('E_USAGE', `${flag} takes a day YYYY-MM-DD, not "${v.slice(0, 40)}"`);
}

/** Catalog papers' abstracts from the catalog's facts files (written by `refresh`): no network needed. */
function abstractsFromFacts(store: Store, catalogDir: string, stems: { stem: string; id: string }[]): { stored: number; remaining: string[] } {
  const papers: HarvestedPaper[] = [];
  const remaining: string[] = [];
  for (const { stem, id } of stems) {
    if (store.get(id)?.abstract) continue;
    const f = readFacts(catalogDir, stem);
    const a = f?.arxiv;
    if (!a || !f.abstract) {
      remaining.push(id);
      continue;
    }
    const r = checkRecord({ id, version: a.version, title: a.title, abstract: f.abstract, authors: a.authors, categories: a.primaryCategory ? [a.primaryCategory, ...a.categories.filter((c) => c !== a.primaryCategory)] : a.categories, published: a.published, updated: a.updated, ...(a.doi ? { doi: a.doi } : {}) });
    if (r.ok) papers.push(r.paper);
    else remaining.push(id);
  }
  const counts = store.upsert(papers, 'api');
  return { stored: counts.inserted + counts.updated, remaining };
}

function uncached(): Sources {
  const config = loadSourcesConfig();
  return { config, client: new HttpClient({ userAgent: config.userAgent }) };
}

export async function harvest(opts: HarvestOptions): Promise<HarvestResult> {
  const today = opts.today ?? todayDefault();
  const src = opts.source;
  if (src.kind === 'oai') {
    checkDay('--from', src.from);
    checkDay('--until', src.until);
  }
  if (src.kind === 'api') {
    checkDay('--from', src.from);
    checkDay('--until', src.until);
    if (!src.categories.length) fail('E_USAGE', 'harvest --api needs --category, e.g. --category cs.CL');
  }
  if (src.kind === 'abstracts' && !opts.catalog) fail('E_USAGE', 'harvest --abstracts needs a catalog');
  const catalog = opts.catalog && opts.abstracts !== false && existsSync(opts.catalog) ? loadCatalog(opts.catalog) : undefined;
  const store = Store.open(opts.store);
  let sources = opts.sources;
  // Harvests bypass the sources' answer cache: a cached page of today's listing would hide later papers.
  const net = () => (sources ??= uncached());
  const reports: HarvestReport[] = [];
  const progress = (step: HarvestReport['source']) => (opts.onProgress ? (p: Parameters<ProgressFn>[0]) => opts.onProgress!(step, p) : undefined);
  try {
    if (src.kind === 'file') {
      reports.push(await harvestFile(store, { file: src.file, ...(progress('file') ? { onProgress: progress('file')! } : {}) }));
    } else if (src.kind === 'oai') {
      reports.push(
        await harvestOai(store, net().client, {
          ...(src.url ? { baseUrl: src.url } : {}),
          ...(src.format ? { format: src.format } : {}),
          ...(src.set ? { set: src.set } : {}),
          ...(src.from ? { from: src.from } : {}),
          ...(src.until ? { until: src.until } : {}),
          ...(opts.maxPages ? { maxPages: opts.maxPages } : {}),
          ...(progress('oai') ? { onProgress: progress('oai')! } : {}),
          today,
        }),
      );
    } else if (src.kind === 'api') {
      const from = src.from ?? sinceDay(src.since ?? '7d', today);
      const until = src.until ?? today;
      if (from > until) fail('E_USAGE', `--from ${from} is after --until ${until}`);
      reports.push(await harvestApi(store, net().client, { api: net().config.arxivApi, categories: src.categories, from, until, ...(opts.maxPages ? { maxPages: opts.maxPages } : {}), ...(progress('api') ? { onProgress: progress('api')! } : {}) }));
    }
    if (catalog) {
      const stems = catalog.papers.flatMap((e) => {
        const id = e.data.arxiv && normalizeArxivId(e.data.arxiv)?.id;
        return id ? [{ stem: e.stem, id }] : [];
      });
      const local = abstractsFromFacts(store, catalog.dir, stems);
      const r = await fillAbstracts(store, net().client, net().config.arxivApi, local.remaining, progress('abstracts'));
      const titleOnly = storeCatalogPapers(store, catalog.papers.map((e) => e.data));
      r.inserted += local.stored;
      r.target = `abstracts of the catalog's ${stems.length} arXiv papers (${local.stored} from its facts files, ${local.remaining.length - r.missing.length} from arXiv${r.missing.length ? `; ${r.missing.length} still without abstract${titleOnly.length ? `, ${titleOnly.length} of them stored with title and authors only` : ''}` : ''})`;
      reports.push(r);
    }
    return { store: opts.store, reports, papers: store.count(), ...(store.newestDay() ? { newestDay: store.newestDay()! } : {}) };
  } finally {
    store.close();
  }
}
