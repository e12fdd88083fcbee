/**
 * Citation keys, shared by every export (BibTeX key, RIS ID, CSL id, CSV and JSON `key`).
 *
 * Google-Scholar-like: first author's family name, year of the first version, first significant title word —
 * `rafailov2023direct`. They use facts that do not change when a paper gets published (not the venue), and clashes
 * are settled by `added` then file stem, so adding a paper never renames the keys already in use.
 */
import type { Paper } from '../model/schema.js';
import { foldAscii, splitName } from './paper.js';

const STOPWORDS = new Set('a an the on of in for to and with is are be via from by at as towards toward its it do does what when how why can we your you our'.split(' '));

/** The lower-case ASCII letters and digits of a text, after folding accents ("Müller" → "muller"). */
function keyPart(text: string): string {
  return foldAscii(text).toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The key a paper would get alone, e.g. `rafailov2023direct`. */
export function baseKey(p: Paper): string {
  const first = p.authors?.[0];
  const name = (first && keyPart(splitName(first).family)) || 'anon';
  const d = p.date;
  const year = d && d.length >= 4 ? d.slice(0, 4) : 'nd';
  let word = '';
  for (const m of p.title.matchAll(/\S+/g)) {
    const part = keyPart(m[0]);
    if (part && !STOPWORDS.has(part)) {
      word = part;
      break;
    }
  }
  return name + year + word;
}

/** Letters after a clashing key: b, c, …, z, ba, bb, … (the first paper keeps the bare key, read as "a"). */
function suffix(n: number): string {
  let s = '';
  for (let i = n; i > 0; i = Math.floor(i / 26)) s = String.fromCharCode(97 + (i % 26)) + s;
  return s;
}

/**
 * Keys for every paper of a catalog, by stem. Computed over the whole catalog (never a filtered part) so a paper
 * has the same key in every export.
 */
export function bibtexKeys(papers: readonly { stem: string; data: Paper }[]): Map<string, string> {
  const keys = new Map<string, string>();
  // Most keys are unique: a clash list (of indexes into `papers`) is made only for the few that are not.
  const owner = new Map<string, number>();
  const clashes = new Map<string, number[]>();
  for (let i = 0; i < papers.length; i++) {
    const k = baseKey(papers[i]!.data);
    const other = owner.get(k);
    if (other === undefined) {
      owner.set(k, i);
      keys.set(papers[i]!.stem, k);
    } else {
      const g = clashes.get(k);
      if (g) g.push(i);
      else clashes.set(k, [other, i]);
    }
  }
  for (const [k, g] of clashes) {
    const order = g.map((i) => ({ stem: papers[i]!.stem, added: papers[i]!.data.added }));
    order.sort((a, b) => (a.added < b.added ? -1 : a.added > b.added ? 1 : a.stem < b.stem ? -1 : a.stem > b.stem ? 1 : 0));
    keys.set(order[0]!.stem, k);
    let n = 1;
    for (const { stem } of order.slice(1)) {
      let candidate: string;
      // A suffixed key could equal another paper's bare key ("smith2020ab"); skip those.
      do candidate = k + suffix(n++);
      while (owner.has(candidate));
      owner.set(candidate, -1);
      keys.set(stem, candidate);
    }
  }
  return keys;
}

const keysByPapers = new WeakMap<object, Map<string, string>>();

/** `bibtexKeys` of a catalog's papers array, computed once per array: the exports and the paper pages share them. */
export function catalogKeys(papers: readonly { stem: string; data: Paper }[]): Map<string, string> {
  let keys = keysByPapers.get(papers);
  if (!keys) keysByPapers.set(papers, (keys = bibtexKeys(papers)));
  return keys;
}
