/** Runs awesome-lint's rules on a file: all of them except awesome-github, which asks GitHub's API about the repo. */
// @ts-expect-error awesome-lint ships no types
import lint from 'awesome-lint';
// @ts-expect-error no types
import { createConfig } from 'awesome-lint/config.js';
// @ts-expect-error no types
import { createRules } from 'awesome-lint/rules/index.js';
// @ts-expect-error no types
import githubRule from 'awesome-lint/rules/github.js';

export interface LintMessage {
  line: number;
  column: number;
  fatal: boolean | undefined;
  ruleId: string;
  message: string;
}

export async function awesomeLint(filename: string): Promise<LintMessage[]> {
  const rules = (createRules() as unknown[]).filter((r) => (Array.isArray(r) ? r[0] : r) !== githubRule);
  const files = (await lint({ filename, config: createConfig(rules) })) as { messages: LintMessage[] }[];
  return files.flatMap((f) => f.messages.map((m) => ({ line: m.line, column: m.column, fatal: m.fatal, ruleId: m.ruleId, message: m.message })));
}
