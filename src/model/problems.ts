/**
 * Problems are data: a permanent code, where, what, why and what to do. Only the CLI prints them.
 */
export type Severity = 'error' | 'warning';

export interface Problem {
  code: string;
  severity: Severity;
  /** Path as given to or found by the command (relative to the working directory when possible). */
  file?: string;
  line?: number;
  column?: number;
  message: string;
  hint?: string;
}

/** An error a command cannot continue past (bad input file, bad flag); carries its problems. */
export class PapershelfError extends Error {
  constructor(
    readonly problems: Problem[],
    options?: { cause?: unknown },
  ) {
    super(problems.map((p) => p.message).join('; '), options);
    this.name = 'PapershelfError';
  }
}

export function fail(code: string, message: string, extra: Partial<Problem> = {}): never {
  throw new PapershelfError([{ code, severity: 'error', message, ...extra }]);
}

export function countBySeverity(problems: Problem[]): { errors: number; warnings: number } {
  let errors = 0;
  for (const p of problems) if (p.severity === 'error') errors++;
  return { errors, warnings: problems.length - errors };
}

/** `file:line:col: error CODE message\n  hint` — the format editors and CI annotate. */
export function formatProblem(p: Problem): string {
  const where = p.file ? `${p.file}${p.line ? `:${p.line}${p.column ? `:${p.column}` : ''}` : ''}: ` : '';
  return `${where}${p.severity} ${p.code} ${p.message}${p.hint ? `\n    hint: ${p.hint}` : ''}`;
}

export function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort(
    (a, b) =>
      (a.file ?? '').localeCompare(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0),
  );
}
