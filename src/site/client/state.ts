/**
 * The search page's whole state, kept in the URL so a link reproduces the view and the back button works:
 *   ?q=words&cat=rlhf&cat=agents&from=2020&to=2024&tag=must-read&code=1&sort=added
 * Defaults are left out (sort is "relevance" with a query, "date" without). Pure; tested in Node.
 */
import type { Sort } from './engine.js';

export interface SearchState {
  q: string;
  cats: string[];
  from?: number;
  to?: number;
  tag?: string;
  code: boolean;
  sort?: Sort;
}

const SORTS: Sort[] = ['relevance', 'date', 'added', 'title'];
const MAX_Q = 200;

function year(v: string | null): number | undefined {
  if (!v || !/^\d{4}$/.test(v)) return undefined;
  return Number(v);
}

export function parseState(search: string): SearchState {
  const p = new URLSearchParams(search);
  const sort = p.get('sort') as Sort | null;
  const from = year(p.get('from'));
  const to = year(p.get('to'));
  const tag = p.get('tag');
  return {
    q: (p.get('q') ?? '').slice(0, MAX_Q),
    cats: [...new Set(p.getAll('cat').filter((c) => /^[a-z0-9\u4e00-\u9fff-]{1,80}$/.test(c)))],
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
    ...(tag && /^[a-z0-9\u4e00-\u9fff-]{1,80}$/.test(tag) ? { tag } : {}),
    code: p.get('code') === '1',
    ...(sort && SORTS.includes(sort) ? { sort } : {}),
  };
}

/** The sort in effect: the chosen one, else relevance for a query and newest first without. */
export function effectiveSort(s: SearchState): Sort {
  if (s.sort && !(s.sort === 'relevance' && !s.q.trim())) return s.sort;
  return s.q.trim() ? 'relevance' : 'date';
}

export function serializeState(s: SearchState): string {
  const p = new URLSearchParams();
  if (s.q.trim()) p.set('q', s.q);
  for (const c of s.cats) p.append('cat', c);
  if (s.from !== undefined) p.set('from', String(s.from));
  if (s.to !== undefined) p.set('to', String(s.to));
  if (s.tag) p.set('tag', s.tag);
  if (s.code) p.set('code', '1');
  const sort = effectiveSort(s);
  if (sort !== (s.q.trim() ? 'relevance' : 'date')) p.set('sort', sort);
  const str = p.toString();
  return str ? `?${str}` : '';
}

export function sameState(a: SearchState, b: SearchState): boolean {
  return serializeState(a) === serializeState(b);
}
