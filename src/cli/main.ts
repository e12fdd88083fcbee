/**
 * The CLI: parses flags, calls a command (which returns data), prints the result, sets the exit code.
 * Exit codes: 0 success, 1 problems found or the command failed on its input, 2 wrong usage.
 */
import { parseArgs } from 'node:util';
import { formatProblem, PapershelfError } from '../model/problems.js';
import { UsageError, type Command, type Io, type Values } from './command.js';
import { commands } from './registry.js';

function mainHelp(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  return [
    'papershelf: curate, check and publish a reading list of research papers kept as YAML files.',
    '',
    'Usage: papershelf <command> [options]',
    '',
    'Commands:',
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `papershelf <command> --help` for its options and examples.',
  ].join('\n');
}

function commandHelp(name: string, c: Command): string {
  return [`${c.summary}\n`, `Usage: ${c.usage}`, '', 'Options:', c.help, '  --help          show this help', '', 'Examples:', ...c.examples.map((e) => `  ${e}`)].join('\n');
}

export type { Io };

export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(mainHelp());
    return name ? 0 : 2;
  }
  if (name === '--version') {
    io.out('papershelf 0.1.0');
    return 0;
  }
  const command = commands[name];
  if (!command) {
    io.err(`papershelf: unknown command "${name}"\n\n${mainHelp()}`);
    return 2;
  }
  try {
    const { values, positionals } = parseArgs({ args: rest, options: { ...command.options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
    if (values.help) {
      io.out(commandHelp(name, command));
      return 0;
    }
    return await command.run(values as Values, positionals, io);
  } catch (e) {
    if (e instanceof PapershelfError) {
      for (const p of e.problems) io.err(formatProblem(p));
      return 1;
    }
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`papershelf ${name}: ${(e as Error).message}\nUsage: ${command.usage}\nRun \`papershelf ${name} --help\` for more.`);
      return 2;
    }
    io.err(`papershelf ${name}: internal error: ${(e as Error).stack ?? e}\nThis is a bug: please report it with the command you ran.`);
    return 1;
  }
}
