/** Test helpers: temporary catalogs built inline, and the CLI run in-process or as a real process. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../src/cli/main.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const FIXTURES = join(ROOT, 'test', 'fixtures');
export const SHARED = resolve(ROOT, '..', 'shared');

export function tempDir(prefix = 'papershelf-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes `files` (path → content) under a new temporary folder and returns it. */
export function tree(files: Record<string, string | Buffer>): string {
  const dir = tempDir();
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

export const TAXONOMY = `title: Test List
categories:
  - id: models
    name: { en: Models, zh: 模型 }
  - id: alignment
    name: { en: Alignment }
    children:
      - id: rlhf
        name: { en: RLHF }
tags:
  - id: must-read
    name: { en: Must read }
`;

export function paperYaml(fields: Record<string, string> = {}): string {
  const f = {
    arxiv: '"2305.18290"',
    title: '"Direct Preference Optimization: Your Language Model is Secretly a Reward Model"',
    authors: '[Rafael Rafailov, Archit Sharma]',
    date: '2023-05-29',
    categories: '[rlhf]',
    tags: '[must-read]',
    added: '2026-01-01',
    why: '{ en: "Drop the reward model.", zh: "不用奖励模型。" }',
    ...fields,
  };
  return Object.entries(f)
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n') + '\n';
}

export async function cli(args: string[], cwd?: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const prev = process.cwd();
  if (cwd) process.chdir(cwd);
  try {
    const code = await main(args, { out: (t) => (out += t + '\n'), err: (t) => (err += t + '\n') });
    return { code, out, err };
  } finally {
    process.chdir(prev);
  }
}

/** The real executable, as a user runs it. */
export function bin(args: string[], cwd = ROOT): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'papershelf.js'), ...args], { cwd, encoding: 'utf8' });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}
