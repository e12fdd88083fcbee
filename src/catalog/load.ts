/**
 * Reads a catalog folder: `taxonomy.yaml`, `papers/*.yaml`, `resources/*.yaml`. Thin I/O around the pure parser;
 * a bad file becomes problems and is skipped, a missing catalog throws.
 */
import { closeSync, existsSync, fstatSync, openSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fail, type Problem } from '../model/problems.js';
import { Paper, Resource, Taxonomy } from '../model/schema.js';
import { recoverJournal } from './files.js';
import { parseYaml } from './yaml.js';

export interface Loaded<T> {
  /** Path of the file, relative to the working directory. */
  file: string;
  /** File name without `.yaml`. */
  stem: string;
  data: T;
  /** The file's text as read, so a writer can tell whether anything changed. */
  text: string;
}

export interface Catalog {
  dir: string;
  taxonomyFile: string;
  taxonomy: Taxonomy;
  papers: Loaded<Paper>[];
  resources: Loaded<Resource>[];
  /** Problems found while reading: syntax and schema errors of single files. */
  problems: Problem[];
}

export const EMPTY_TAXONOMY: Taxonomy = { title: 'Reading list', categories: [], tags: [] };

function display(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
}

/** Reads a file and its size and mtime with one open (the stat comes from the open descriptor). */
function readWithStat(path: string, problems: Problem[]): { text: string; size: number; mtimeMs: number } | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const st = fstatSync(fd);
    const text = readFileSync(fd, 'utf8');
    return { text, size: st.size, mtimeMs: st.mtimeMs };
  } catch (e) {
    problems.push({ code: 'E_READ', severity: 'error', file: display(path), message: `cannot read file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, hint: 'check the file permissions' });
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function readText(path: string, problems: Problem[]): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    problems.push({ code: 'E_READ', severity: 'error', file: display(path), message: `cannot read file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, hint: 'check the file permissions' });
    return undefined;
  }
}

/**
 * Parsed files of this process, by path, with the size and mtime they had: a second load in the same process
 * (check then build, or serve rebuilding after an edit) parses only the files that changed.
 */
const parsedFiles = new Map<string, { size: number; mtimeMs: number; file: string; text: string; value?: unknown; problems: Problem[] }>();

function loadFolder<T>(dir: string, schema: typeof Paper | typeof Resource, problems: Problem[]): Loaded<T>[] {
  if (!existsSync(dir)) return [];
  const out: Loaded<T>[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.yaml')) {
      if (name.endsWith('.yml')) problems.push({ code: 'E_FILE_NAME', severity: 'error', file: display(join(dir, name)), message: 'catalog files end in ".yaml", not ".yml"', hint: `rename it to ${name.slice(0, -4)}.yaml` });
      continue;
    }
    const path = join(dir, name);
    let parsed = parsedFiles.get(path);
    if (parsed) {
      // Loaded before in this process: parse again only when the file changed.
      let st;
      try {
        st = statSync(path);
      } catch {
        continue; // removed since
      }
      if (parsed.size !== st.size || parsed.mtimeMs !== st.mtimeMs) parsed = undefined;
    }
    if (!parsed) {
      const read = readWithStat(path, problems);
      if (!read) continue;
      const file = display(path);
      const { value, problems: found } = parseYaml(read.text, schema, file);
      parsed = { size: read.size, mtimeMs: read.mtimeMs, file, text: read.text, value, problems: found };
      parsedFiles.set(path, parsed);
    }
    problems.push(...parsed.problems);
    if (parsed.value) out.push({ file: parsed.file, stem: name.slice(0, -5), data: parsed.value as T, text: parsed.text });
  }
  return out;
}

/** Loads the catalog at `dir`. Throws a PapershelfError when the folder is not a catalog. */
export function loadCatalog(dir: string): Catalog {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    fail('E_NO_CATALOG', `no catalog folder at ${display(dir)}`, { hint: 'pass --catalog DIR, or run `papershelf import LIST.md --catalog DIR` to start one' });
  }
  recoverJournal(dir);
  const problems: Problem[] = [];
  const taxonomyFile = join(dir, 'taxonomy.yaml');
  let taxonomy = EMPTY_TAXONOMY;
  if (existsSync(taxonomyFile)) {
    const text = readText(taxonomyFile, problems);
    if (text !== undefined) {
      const parsed = parseYaml(text, Taxonomy, display(taxonomyFile));
      problems.push(...parsed.problems);
      if (parsed.value) taxonomy = parsed.value;
    }
  } else {
    problems.push({ code: 'E_NO_TAXONOMY', severity: 'error', file: display(taxonomyFile), message: 'the catalog has no taxonomy.yaml', hint: 'create it with a title and the category tree; see CONTRIBUTING.md' });
  }
  return {
    dir,
    taxonomyFile: display(taxonomyFile),
    taxonomy,
    papers: loadFolder<Paper>(join(dir, 'papers'), Paper, problems),
    resources: loadFolder<Resource>(join(dir, 'resources'), Resource, problems),
    problems,
  };
}
