/** `papershelf check`: every problem of the catalog at once, and whether the generated list is up to date. */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadCatalog } from '../catalog/load.js';
import { checkEntries, checkTaxonomy } from '../check/rules.js';
import { countBySeverity, sortProblems, type Problem } from '../model/problems.js';
import { planOutputs } from './build.js';
import { Helper, offerHelper } from './helper.js';
import { remoteProblems } from '../check/remote.js';
import type { Sources } from '../sources/lookup.js';

export interface CheckOptions {
  catalog: string;
  /** Also compare the committed Markdown list and README block with what `build` would write. */
  outputs?: boolean;
}

export interface CheckResult {
  catalog: string;
  papers: number;
  resources: number;
  categories: number;
  errors: number;
  warnings: number;
  problems: Problem[];
}

export function check(opts: CheckOptions): CheckResult {
  // A big catalog is parsed by two threads; the helper is not needed after that.
  let helper: Helper | undefined;
  let catalog;
  try {
    catalog = loadCatalog(opts.catalog, { helper: offerHelper(() => (helper ??= new Helper())) });
  } finally {
    void helper?.stop();
  }
  const taxonomyText = existsSync(join(opts.catalog, 'taxonomy.yaml')) ? readFileSync(join(opts.catalog, 'taxonomy.yaml'), 'utf8') : undefined;
  const problems = [...catalog.problems, ...checkEntries(catalog), ...checkTaxonomy(catalog, taxonomyText)];
  if (opts.outputs !== false) {
    for (const out of planOutputs(catalog)) {
      if (!out.existed) continue;
      if (out.changed) {
        const file = relative(process.cwd(), out.path) || out.path;
        problems.push({ code: 'E_LIST_STALE', severity: 'error', file, line: 1, column: 1, message: 'the generated list is out of date with the catalog', hint: 'run `papershelf build` and commit the result' });
      }
    }
  }
  const sorted = sortProblems(problems);
  return {
    catalog: opts.catalog,
    papers: catalog.papers.length,
    resources: catalog.resources.length,
    categories: countCategories(catalog.taxonomy.categories),
    ...countBySeverity(sorted),
    problems: sorted,
  };
}

function countCategories(nodes: { children?: unknown[] }[]): number {
  return nodes.reduce((n, c) => n + 1 + countCategories((c.children ?? []) as { children?: unknown[] }[]), 0);
}

/**
 * `check --remote`: the local check, plus every hand-written fact (title, authors, date, the id itself) that
 * disagrees with arXiv or the DOI registry (rules in src/check/remote.ts). Answers are cached like every look-up.
 */
export async function checkRemote(opts: CheckOptions & { sources?: Sources }): Promise<CheckResult> {
  const local = check(opts);
  const catalog = loadCatalog(opts.catalog);
  // Loaded on demand: the sources' modules (XML parsers) are not needed by a plain check.
  const { fetchRemoteAnswers } = await import('../sources/remote.js');
  const sources = opts.sources ?? (await import('../sources/lookup.js')).openSources();
  const answers = await fetchRemoteAnswers(sources, catalog.papers);
  const problems = sortProblems([...local.problems, ...remoteProblems(catalog.papers, answers)]);
  return { ...local, ...countBySeverity(problems), problems };
}
