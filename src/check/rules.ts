/**
 * The catalog's rules: pure functions from a loaded catalog to problems. Each rule has a permanent code; tests
 * assert codes and positions, not wording.
 */
import type { Catalog, Loaded } from '../catalog/load.js';
import { arxivMonth, paperStem } from '../model/ids.js';
import type { Problem } from '../model/problems.js';
import type { Paper, Resource } from '../model/schema.js';
import { flattenCategories } from '../model/taxonomy.js';

/** Line and column (1-based) of `key:` in a YAML text, or of `value` on or after that line. */
export function locate(text: string, key: string, value?: string): { line: number; column: number } {
  const lines = text.split('\n');
  const keyRe = new RegExp(`^(\\s*-?\\s*)${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*:`);
  let start = lines.findIndex((l) => keyRe.test(l));
  if (start < 0) return { line: 1, column: 1 };
  if (value === undefined) return { line: start + 1, column: (keyRe.exec(lines[start]!)?.[1]?.length ?? 0) + 1 };
  for (let i = start; i < lines.length && (i === start || /^\s|^-/.test(lines[i]!)); i++) {
    const col = lines[i]!.indexOf(value);
    if (col >= 0) return { line: i + 1, column: col + 1 };
  }
  return { line: start + 1, column: 1 };
}

type Entry = Loaded<Paper> | Loaded<Resource>;

function at(e: Entry, code: string, severity: Problem['severity'], message: string, hint: string, key: string, value?: string): Problem {
  return { code, severity, file: e.file, ...locate(e.text, key, value), message, hint };
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * How a first-version date relates to its arXiv id. No first version is newer than the month of its id. It can be a
 * little older: a submission held by the moderators gets the id of the month it is announced in (seen: submitted
 * 23 Aug, numbered 2209). So a day up to 31 days before the id's month is fine; a month-only date in the month
 * before is "suspicious" (fine if held, else wrong); anything else is impossible.
 */
export function dateVersusArxiv(date: string, id: string): 'ok' | 'suspicious' | 'impossible' {
  const month = arxivMonth(id);
  if (!month) return 'ok';
  const [y, m] = month.split('-').map(Number) as [number, number];
  if (date.length === 4) return date === month.slice(0, 4) || (m === 1 && Number(date) === y - 1) ? 'ok' : 'impossible';
  const ym = date.slice(0, 7);
  if (ym > month) return 'impossible';
  if (ym === month) return 'ok';
  if (date.length === 10) {
    const earliest = new Date(Date.UTC(y, m - 1, 1) - 31 * 86_400_000).toISOString().slice(0, 10);
    return date >= earliest ? 'ok' : 'impossible';
  }
  const previous = new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 7);
  return ym === previous ? 'suspicious' : 'impossible';
}

export function checkEntries(catalog: Catalog): Problem[] {
  const problems: Problem[] = [];
  const categories = new Set(flattenCategories(catalog.taxonomy).map((c) => c.node.id));
  const tags = catalog.taxonomy.tags ? new Set(catalog.taxonomy.tags.map((t) => t.id)) : undefined;
  const byArxiv = new Map<string, Loaded<Paper>>();
  const byDoi = new Map<string, Loaded<Paper>>();

  const common = (e: Entry) => {
    for (const c of e.data.categories) {
      if (!categories.has(c)) problems.push(at(e, 'E_UNKNOWN_CATEGORY', 'error', `unknown category "${c}"`, `use an id from ${catalog.taxonomyFile}, or add the category there`, 'categories', c));
    }
    if (tags) for (const t of e.data.tags ?? []) {
      if (!tags.has(t)) problems.push(at(e, 'E_UNKNOWN_TAG', 'error', `unknown tag "${t}"`, `use a tag from the tags list of ${catalog.taxonomyFile}, or add it there`, 'tags', t));
    }
    if (!e.data.why?.en?.trim() && !e.data.why?.zh?.trim()) {
      problems.push(at(e, 'E_NO_REASON', 'error', 'no reason to read: "why" is empty in both languages', 'write one or two sentences under why.en or why.zh: what the paper contributed and why to read it', e.data.why ? 'why' : 'title'));
    }
    const urls: [string, string][] = [];
    if ('url' in e.data && e.data.url) urls.push(['url', e.data.url]);
    if ('links' in e.data) for (const [k, v] of Object.entries(e.data.links ?? {})) if (v) urls.push([k, v]);
    for (const n of e.data.notes ?? []) urls.push(['url', n.url]);
    for (const [key, url] of urls) {
      if (!isGoodUrl(url)) problems.push(at(e, 'E_BAD_URL', 'error', `malformed link "${url.slice(0, 80)}"`, 'links must be complete http(s) URLs with a host name, e.g. https://github.com/org/repo', key, url.slice(0, 40)));
    }
  };

  for (const e of catalog.papers) {
    const p = e.data;
    common(e);
    if (!p.arxiv && !p.doi && !p.id) {
      problems.push(at(e, 'E_NO_ID', 'error', 'the paper has no identifier', 'add "arxiv" or "doi"; for a paper with neither, add "id" (a short key such as radford2019language) and "url"', 'title'));
      continue;
    }
    if (!p.arxiv && !p.doi && !p.url) problems.push(at(e, 'E_NO_URL', 'error', 'a paper without arXiv id or DOI needs a "url"', 'add the publisher\'s page as url', 'id'));
    const stem = paperStem(p);
    if (e.stem !== stem && !new RegExp(`^${stem.replace(/\./g, '\\.')}-\\d+$`).test(e.stem)) {
      problems.push({ code: 'E_FILE_NAME', severity: 'error', file: e.file, line: 1, column: 1, message: `file name does not match the paper's identifier: expected ${stem}.yaml`, hint: `rename the file to ${stem}.yaml` });
    }
    if (p.arxiv) {
      const first = byArxiv.get(p.arxiv);
      if (first) problems.push(at(e, 'E_DUPLICATE', 'error', `arXiv ${p.arxiv} is also in ${first.file} ("${first.data.title}")`, `the same paper must have one entry: if this is another paper, its arXiv link is wrong (look it up on arxiv.org); otherwise merge the two files`, 'arxiv'));
      else byArxiv.set(p.arxiv, e);
      const verdict = p.date ? dateVersusArxiv(p.date, p.arxiv) : 'ok';
      if (verdict !== 'ok') {
        const m = arxivMonth(p.arxiv)!;
        const when = `${MONTH_NAMES[Number(m.slice(5)) - 1]} ${m.slice(0, 4)}`;
        problems.push(
          verdict === 'impossible'
            ? at(e, 'E_DATE_MISMATCH', 'error', `date ${p.date} contradicts arXiv id ${p.arxiv}: that id was assigned in ${when}, so the first version dates from then (or days before, if it was held for moderation)`, `set date to the v1 date on https://arxiv.org/abs/${p.arxiv} (${m}-…), or fix the id if it is the wrong paper`, 'date')
            : at(e, 'W_DATE_CHECK', 'warning', `date ${p.date} is the month before arXiv id ${p.arxiv} was assigned (${when}): right only if the submission was held for moderation`, `check the v1 date on https://arxiv.org/abs/${p.arxiv} and write the full day`, 'date'),
        );
      }
    }
    if (p.doi) {
      const key = p.doi.toLowerCase();
      const first = byDoi.get(key);
      if (first) problems.push(at(e, 'E_DUPLICATE', 'error', `DOI ${p.doi} is also in ${first.file} ("${first.data.title}")`, 'merge the two files, or fix the DOI', 'doi'));
      else byDoi.set(key, e);
    }
    if (!p.authors?.length) problems.push(at(e, 'W_NO_AUTHORS', 'warning', 'no authors', 'copy the author list from the arXiv or publisher page (papershelf add fills it in)', 'title'));
    if (!p.date) problems.push(at(e, 'W_NO_DATE', 'warning', 'no date', 'add the date of the first version, YYYY-MM-DD', 'title'));
  }
  for (const e of catalog.resources) common(e);
  return problems;
}

export function checkTaxonomy(catalog: Catalog, taxonomyText: string | undefined): Problem[] {
  const problems: Problem[] = [];
  const flat = flattenCategories(catalog.taxonomy);
  const seen = new Set<string>();
  const used = new Map<string, number>();
  for (const e of [...catalog.papers, ...catalog.resources]) for (const c of e.data.categories) used.set(c, (used.get(c) ?? 0) + 1);
  const where = (id: string) => (taxonomyText ? locate(taxonomyText, 'id', id) : { line: 1, column: 1 });
  for (const c of flat) {
    if (seen.has(c.node.id)) problems.push({ code: 'E_DUPLICATE_CATEGORY', severity: 'error', file: catalog.taxonomyFile, ...where(c.node.id), message: `category id "${c.node.id}" is used twice`, hint: 'give each category its own id' });
    seen.add(c.node.id);
  }
  const tagIds = new Set<string>();
  for (const t of catalog.taxonomy.tags ?? []) {
    if (tagIds.has(t.id)) problems.push({ code: 'E_DUPLICATE_TAG', severity: 'error', file: catalog.taxonomyFile, ...where(t.id), message: `tag id "${t.id}" is declared twice`, hint: 'remove one of them' });
    tagIds.add(t.id);
  }
  const subtreeCount = (id: string): number => flat.filter((c) => c.path.includes(id)).reduce((n, c) => n + (used.get(c.node.id) ?? 0), 0);
  for (const c of flat) {
    if (subtreeCount(c.node.id) === 0) problems.push({ code: 'W_EMPTY_CATEGORY', severity: 'warning', file: catalog.taxonomyFile, ...where(c.node.id), message: `category "${c.node.id}" (${c.node.name.en}) has no papers yet`, hint: 'add papers to it, or remove it when it is not wanted' });
  }
  return problems;
}

function isGoodUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === 'http:' || u.protocol === 'https:') && /^[^.]+(\.[^.]+)+$/.test(u.hostname) && !u.username && !u.password;
  } catch {
    return false;
  }
}
