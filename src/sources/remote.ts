/** The sources' side of `check --remote`: for each catalog paper, what arXiv (or the DOI registry) says about it. */
import type { Loaded } from '../catalog/load.js';
import type { RemoteAnswer } from '../check/remote.js';
import { arxivAbsUrl, type PaperRef } from '../model/ids.js';
import type { Paper } from '../model/schema.js';
import { lookupRefs, refKey, type PaperLookup, type Sources } from './lookup.js';

export function refOf(p: Paper): PaperRef | undefined {
  if (p.arxiv) return { kind: 'arxiv', id: p.arxiv };
  if (p.doi) return { kind: 'doi', id: p.doi.toLowerCase() };
  return undefined;
}

/** What a look-up says, as the remote rules want it. */
export function answerOf(l: PaperLookup): RemoteAnswer {
  if (l.error) return l.error;
  if (l.arxiv) {
    // A paper filed by DOI whose DOI leads to arXiv is still judged against arXiv's facts.
    return { ok: true, value: { source: 'arXiv', id: l.arxiv.id, url: arxivAbsUrl(l.arxiv.id), title: l.arxiv.title, authors: l.arxiv.authors, date: l.arxiv.published, exactDate: true } };
  }
  if (l.doi) return { ok: true, value: { source: 'the DOI registry', id: l.doi.doi, url: l.doi.url, title: l.doi.title, authors: l.doi.authors, ...(l.doi.date ? { date: l.doi.date } : {}), exactDate: false } };
  return { ok: false, code: 'E_NO_FACTS', message: `no source has facts for ${l.ref.id}` };
}

/** Looks every paper with an arXiv id or DOI up (arXiv and DOI registry only: titles, authors, dates). Keyed by file. */
export async function fetchRemoteAnswers(sources: Sources, entries: Loaded<Paper>[]): Promise<Map<string, RemoteAnswer>> {
  const refs = entries.map((e) => refOf(e.data));
  const looked = await lookupRefs(sources, refs.filter((r): r is PaperRef => !!r), { s2: false });
  const out = new Map<string, RemoteAnswer>();
  entries.forEach((e, i) => {
    const ref = refs[i];
    if (ref) out.set(e.file, answerOf(looked.get(refKey(ref))!));
  });
  return out;
}
