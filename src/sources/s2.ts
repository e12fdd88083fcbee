/**
 * Semantic Scholar Graph API: batch look-up (POST /paper/batch, up to 500 ids) of venue, publication date, DOI,
 * citation count and TL;DR. Ids are `ARXIV:2305.18290` or `DOI:10.…`; the answer is an array in the same order with
 * `null` for ids Semantic Scholar does not know. An API key (PAPERSHELF_S2_API_KEY) goes in the x-api-key header.
 */
import { z } from 'zod';
import { HttpError, type HttpClient, type HttpResponse } from './http.js';
import { chunk, decodeUtf8, found, missing, squash, unavailable, type Found } from './result.js';

export interface S2Paper {
  paperId: string;
  title?: string;
  /** Where it was published, shortened for well-known venues ("NeurIPS"); absent for arXiv-only papers. */
  venue?: string;
  /** YYYY-MM-DD */
  publicationDate?: string;
  year?: number;
  /** The year of the venue, from a DBLP conference key (conf/iclr/HuSWALWWC22 → 2022): `year` is often the preprint's. */
  venueYear?: number;
  doi?: string;
  arxiv?: string;
  citationCount?: number;
  tldr?: string;
  url?: string;
}

export const S2_BATCH = 500;
export const S2_FIELDS = 'paperId,externalIds,title,venue,publicationVenue,year,publicationDate,citationCount,tldr,journal,url';

const Raw = z.object({
  paperId: z.string().max(100),
  externalIds: z.record(z.string(), z.union([z.string(), z.number(), z.null()])).nullish(),
  title: z.string().max(2000).nullish(),
  venue: z.string().max(1000).nullish(),
  publicationVenue: z.object({ name: z.string().max(1000).nullish() }).nullish(),
  year: z.number().int().nullish(),
  publicationDate: z.string().max(40).nullish(),
  citationCount: z.number().int().min(0).nullish(),
  tldr: z.object({ text: z.string().max(5000).nullish() }).nullish(),
  journal: z.object({ name: z.string().max(1000).nullish() }).nullish(),
  url: z.string().max(2000).nullish(),
});
const Batch = z.array(Raw.nullable()).max(S2_BATCH);

/** Short names the catalog uses for venues Semantic Scholar spells out. */
const SHORT_VENUES: [RegExp, string][] = [
  [/^(neural information processing systems|advances in neural information processing systems|neurips|nips)$/i, 'NeurIPS'],
  [/^(international conference on machine learning|icml)$/i, 'ICML'],
  [/^(international conference on learning representations|iclr)$/i, 'ICLR'],
  [/^(annual meeting of the association for computational linguistics|acl)$/i, 'ACL'],
  [/^(conference on empirical methods in natural language processing|emnlp)$/i, 'EMNLP'],
  [/^(north american chapter of the association for computational linguistics|naacl)$/i, 'NAACL'],
  [/^(computer vision and pattern recognition|cvpr)$/i, 'CVPR'],
  [/^(ieee international conference on computer vision|international conference on computer vision|iccv)$/i, 'ICCV'],
  [/^(european conference on computer vision|eccv)$/i, 'ECCV'],
  [/^(aaai conference on artificial intelligence|aaai)$/i, 'AAAI'],
  [/^(international joint conference on artificial intelligence|ijcai)$/i, 'IJCAI'],
  [/^(transactions of the association for computational linguistics|tacl)$/i, 'TACL'],
  [/^(journal of machine learning research|jmlr)$/i, 'JMLR'],
  [/^(trans(actions)? (on )?mach(ine)? learn(ing)? res(earch)?|tmlr)$/i, 'TMLR'],
  [/^(conference on language modeling|colm)$/i, 'COLM'],
  [/^(conference on machine learning and systems|mlsys)$/i, 'MLSys'],
  [/^(international conference on computational linguistics|coling)$/i, 'COLING'],
];

const NOT_A_VENUE = /^(arxiv(\.org)?|corr|biorxiv|medrxiv|ssrn)$/i;

export function venueName(name: string | null | undefined): string | undefined {
  const n = name ? squash(name) : '';
  if (!n || NOT_A_VENUE.test(n)) return undefined;
  return SHORT_VENUES.find(([re]) => re.test(n))?.[1] ?? n;
}

function toPaper(raw: z.infer<typeof Raw>): S2Paper {
  const ext = raw.externalIds ?? {};
  const doi = typeof ext.DOI === 'string' && !/^10\.48550\//i.test(ext.DOI) ? ext.DOI.toLowerCase() : undefined;
  const arxiv = typeof ext.ArXiv === 'string' ? ext.ArXiv : undefined;
  const venue = venueName(raw.publicationVenue?.name ?? raw.venue) ?? venueName(raw.journal?.name);
  const date = raw.publicationDate && /^\d{4}-\d{2}-\d{2}$/.test(raw.publicationDate) ? raw.publicationDate : undefined;
  const tldr = raw.tldr?.text ? squash(raw.tldr.text) : undefined;
  const dblp = typeof ext.DBLP === 'string' ? /^conf\/[\w-]+\/[A-Za-z-]*(\d{2})[a-z]?$/.exec(ext.DBLP)?.[1] : undefined;
  const venueYear = dblp && venue ? (Number(dblp) >= 50 ? 1900 : 2000) + Number(dblp) : undefined;
  return {
    paperId: raw.paperId,
    ...(raw.title ? { title: squash(raw.title) } : {}),
    ...(venue ? { venue } : {}),
    ...(date ? { publicationDate: date } : {}),
    ...(raw.year ? { year: raw.year } : {}),
    ...(venueYear ? { venueYear } : {}),
    ...(doi ? { doi } : {}),
    ...(arxiv ? { arxiv } : {}),
    ...(raw.citationCount !== null && raw.citationCount !== undefined ? { citationCount: raw.citationCount } : {}),
    ...(tldr ? { tldr } : {}),
    ...(raw.url && /^https?:\/\//.test(raw.url) ? { url: raw.url } : {}),
  };
}

/** Parses a batch answer. Throws when it is not a JSON array of `n` paper objects or nulls. */
export function parseS2Batch(json: string, n: number): (S2Paper | null)[] {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    throw new Error('Semantic Scholar sent text that is not JSON');
  }
  const parsed = Batch.safeParse(data);
  if (!parsed.success) throw new Error(`Semantic Scholar sent an unexpected answer (${parsed.error.issues[0]?.message ?? 'bad shape'})`);
  if (parsed.data.length !== n) throw new Error(`Semantic Scholar answered ${parsed.data.length} papers for ${n} ids`);
  return parsed.data.map((p) => (p ? toPaper(p) : null));
}

export interface S2Options {
  apiKey?: string;
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}

/** Looks up ids such as `ARXIV:2305.18290` or `DOI:10.18653/v1/n19-1423`. Every id gets a paper or a per-id error. */
export async function fetchS2(client: HttpClient, api: string, ids: string[], opts: S2Options = {}): Promise<Map<string, Found<S2Paper>>> {
  const unique = [...new Set(ids)];
  const results = new Map<string, Found<S2Paper>>();
  const notFound = (id: string) => missing('E_S2_NOT_FOUND', `Semantic Scholar does not know ${id}`, 'new papers reach Semantic Scholar within days; try again later');
  // Answers fetched recently, in whatever batch (null: Semantic Scholar does not know the id), are not asked again.
  for (const id of unique) {
    const hit = client.getRecord<S2Paper | null>('s2', id);
    if (hit) results.set(id, hit.value ? found(hit.value) : notFound(id));
  }
  let done = results.size;
  if (done) opts.onProgress?.(done, unique.length);
  for (const batch of chunk(unique.filter((id) => !results.has(id)), Math.min(opts.batchSize ?? S2_BATCH, S2_BATCH))) {
    let papers: (S2Paper | null)[] | undefined;
    const validate = (res: HttpResponse) => {
      const text = decodeUtf8(res.body);
      if (text === undefined) return { reason: 'Semantic Scholar sent bytes that are not UTF-8 text' };
      try {
        papers = parseS2Batch(text, batch.length);
        return undefined;
      } catch (e) {
        return { reason: (e as Error).message };
      }
    };
    try {
      const res = await client.request({
        source: 's2',
        method: 'POST',
        url: `${api}/paper/batch?fields=${S2_FIELDS}`,
        body: JSON.stringify({ ids: batch }),
        headers: { accept: 'application/json', ...(opts.apiKey ? { 'x-api-key': opts.apiKey } : {}) },
        validate,
        // Every id of the batch becomes a record below (null for unknown ids): they answer a re-run.
        keep: () => false,
      });
      papers ??= parseS2Batch(decodeUtf8(res.body) ?? '', batch.length);
      batch.forEach((id, i) => {
        const p = papers![i] ?? null;
        results.set(id, p ? found(p) : notFound(id));
      });
      client.putRecords('s2', batch.map((id, i) => [id, papers![i] ?? null]));
    } catch (e) {
      if (!(e instanceof HttpError)) throw e;
      const err = e.status === 401 || e.status === 403 ? missing('E_SOURCE_UNAVAILABLE', `Semantic Scholar: ${e.message}`, 'check PAPERSHELF_S2_API_KEY (or unset it to use the shared pool)') : unavailable('Semantic Scholar', e.message, e, 'PAPERSHELF_S2_API or s2_api');
      for (const id of batch) results.set(id, err);
    }
    done += batch.length;
    opts.onProgress?.(done, unique.length);
  }
  return results;
}
