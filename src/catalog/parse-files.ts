/** Reading and parsing a batch of catalog files (one open per file: the size and mtime come from its descriptor). */
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import type { z } from 'zod';
import type { Problem } from '../model/problems.js';
import { parseYaml } from './yaml.js';

export interface ParseJob {
  path: string;
  /** The path as shown in problems. */
  file: string;
}

export interface ParsedFile {
  path: string;
  file: string;
  size: number;
  mtimeMs: number;
  /** Kept only when asked: a 100k-paper catalog need not hold every text; it is read again when needed. */
  text?: string;
  value?: unknown;
  problems: Problem[];
}

export function readAndParse(jobs: ParseJob[], schema: z.ZodType, keepText: boolean): ParsedFile[] {
  const out: ParsedFile[] = [];
  for (const { path, file } of jobs) {
    let fd: number | undefined;
    try {
      fd = openSync(path, 'r');
      const st = fstatSync(fd);
      const text = readFileSync(fd, 'utf8');
      const { value, problems } = parseYaml(text, schema, file);
      out.push({ path, file, size: st.size, mtimeMs: st.mtimeMs, value, problems, ...(keepText ? { text } : {}) });
    } catch (e) {
      out.push({ path, file, size: -1, mtimeMs: -1, problems: [{ code: 'E_READ', severity: 'error', file, message: `cannot read file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, hint: 'check the file permissions' }] });
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }
  return out;
}
