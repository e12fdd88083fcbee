/**
 * The catalog's only writer. A set of file changes is applied all or nothing: every new content is written to a
 * temporary file beside its target, a journal lists the renames, the renames run with Ctrl-C deferred, and the
 * journal is removed. A process killed during the renames leaves the journal, and the next load finishes them.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface FileChange {
  path: string;
  content: string;
}

const JOURNAL = '.papershelf-journal.json';

function writeFileAtomic(path: string, content: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}

export function applyChanges(root: string, changes: FileChange[]): void {
  if (changes.length === 0) return;
  const staged: [string, string][] = [];
  try {
    for (const c of changes) {
      mkdirSync(dirname(c.path), { recursive: true });
      const tmp = `${c.path}.${process.pid}.tmp`;
      writeFileSync(tmp, c.content);
      staged.push([tmp, c.path]);
    }
  } catch (e) {
    for (const [tmp] of staged) rmSync(tmp, { force: true });
    throw e;
  }
  const journal = join(root, JOURNAL);
  let interrupted: NodeJS.Signals | undefined;
  const defer = (sig: NodeJS.Signals) => {
    interrupted = sig;
  };
  process.on('SIGINT', defer);
  process.on('SIGTERM', defer);
  try {
    writeFileAtomic(journal, JSON.stringify(staged));
    for (const [tmp, target] of staged) renameSync(tmp, target);
    rmSync(journal, { force: true });
  } finally {
    process.off('SIGINT', defer);
    process.off('SIGTERM', defer);
  }
  if (interrupted) process.kill(process.pid, interrupted);
}

/** Finishes a set of changes that a killed process left half applied. Returns how many files it completed. */
export function recoverJournal(root: string): number {
  const journal = join(root, JOURNAL);
  if (!existsSync(journal)) return 0;
  let done = 0;
  const staged = JSON.parse(readFileSync(journal, 'utf8')) as [string, string][];
  for (const [tmp, target] of staged) {
    if (existsSync(tmp)) {
      renameSync(tmp, target);
      done++;
    }
  }
  rmSync(journal, { force: true });
  return done;
}
