/**
 * The CLI: parses flags, calls a command (which returns data), prints the result, sets the exit code.
 * Exit codes: 0 success, 1 problems found or the command failed on its input, 2 wrong usage.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { build } from '../commands/build.js';
import { check } from '../commands/check.js';
import { resolveCatalog } from '../commands/context.js';
import { fmt } from '../commands/fmt.js';
import { importList } from '../commands/import.js';
import { listPapers } from '../commands/list.js';
import { formatProblem, PapershelfError } from '../model/problems.js';
import { jsonSchemas } from '../model/schema.js';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  isTTY?: boolean;
}

type Options = NonNullable<ParseArgsConfig['options']>;
type Values = Record<string, string | boolean | string[] | undefined>;

interface Command {
  summary: string;
  usage: string;
  options: Options;
  help: string;
  examples: string[];
  run(values: Values, positionals: string[], io: Io): number | Promise<number>;
}

const CATALOG_OPTION: Options = { catalog: { type: 'string' } };
const CATALOG_HELP = '  --catalog DIR   the catalog folder (default: ./catalog if it exists, else the bundled one)';

const commands: Record<string, Command> = {
  import: {
    summary: 'import an awesome-style Markdown list into the catalog',
    usage: 'papershelf import <list.md> [--catalog DIR] [--dry-run] [--format text|json]',
    options: { ...CATALOG_OPTION, 'dry-run': { type: 'boolean' }, format: { type: 'string' } },
    help: `${CATALOG_HELP}\n  --dry-run       report what would change, write nothing\n  --format json   print the report as JSON`,
    examples: ['papershelf import reading-list.md --catalog catalog', 'papershelf import Awesome-LLM.md --catalog /tmp/llm --dry-run'],
    run(values, positionals, io) {
      const file = positionals[0];
      if (!file) throw usage('import needs the Markdown file to read');
      const r = importList({ catalog: resolveCatalog(values.catalog as string | undefined), file, dryRun: !!values['dry-run'] });
      if (values.format === 'json') return io.out(JSON.stringify(r, null, 2)), 0;
      const verb = r.dryRun ? 'would add' : 'added';
      io.out(`${r.source}: recognized ${r.recognized} entries; ${verb} ${r.added.length}, updated ${r.updated.length}, skipped ${r.skipped.length} (unchanged); ${r.categoriesAdded.length} new categories`);
      for (const w of r.warnings) io.out(`  ${r.source}:${w.line}: warning ${w.message}`);
      if (r.unused.length) {
        io.out(`  ${r.unused.length} line(s) could not be used:`);
        for (const u of r.unused.slice(0, 50)) io.out(`  ${r.source}:${u.line}: ${u.reason}: ${u.text}`);
        if (r.unused.length > 50) io.out(`  … and ${r.unused.length - 50} more (--format json lists all)`);
      }
      return 0;
    },
  },
  check: {
    summary: 'validate the catalog and report every problem with file, line and column',
    usage: 'papershelf check [--catalog DIR] [--format text|json] [--no-outputs]',
    options: { ...CATALOG_OPTION, format: { type: 'string' }, 'no-outputs': { type: 'boolean' } },
    help: `${CATALOG_HELP}\n  --format json   print {errors, warnings, problems[]} for machines\n  --no-outputs    do not compare the committed reading list with the catalog\nExit code 1 when there are errors, 0 with warnings only.`,
    examples: ['papershelf check', 'papershelf check --catalog my-list/catalog --format json'],
    run(values, _p, io) {
      const r = check({ catalog: resolveCatalog(values.catalog as string | undefined), outputs: !values['no-outputs'] });
      if (values.format === 'json') io.out(JSON.stringify(r, null, 2));
      else {
        for (const p of r.problems) (p.severity === 'error' ? io.err : io.out)(formatProblem(p));
        io.out(`${r.papers} papers, ${r.resources} resources, ${r.categories} categories: ${r.errors} error(s), ${r.warnings} warning(s)`);
      }
      return r.errors > 0 ? 1 : 0;
    },
  },
  list: {
    summary: 'list papers, filtered by category, tag or year',
    usage: 'papershelf list [--category ID]... [--tag ID]... [--year YYYY[-YYYY]] [--format table|json]',
    options: { ...CATALOG_OPTION, category: { type: 'string', multiple: true }, tag: { type: 'string', multiple: true }, year: { type: 'string' }, format: { type: 'string' } },
    help: `${CATALOG_HELP}\n  --category ID   papers in this category or its sub-categories (repeat for several)\n  --tag ID        papers with this tag (repeat: all of them)\n  --year Y        a year, or a range 2020-2023\n  --format json   the entries as a JSON array, in the same shape as the files`,
    examples: ['papershelf list --category rlhf', 'papershelf list --tag must-read --year 2023-2025 --format json'],
    run(values, _p, io) {
      const papers = listPapers({ catalog: resolveCatalog(values.catalog as string | undefined), category: values.category as string[] | undefined, tag: values.tag as string[] | undefined, year: values.year as string | undefined });
      if (values.format === 'json') return io.out(JSON.stringify(papers, null, 2)), 0;
      const rows = papers.map((p) => [p.arxiv ?? p.doi ?? p.id ?? '', p.date ?? '', p.categories.join(','), p.title]);
      const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length), 4));
      const line = (r: string[]) => r.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c)).join('  ');
      io.out(line(['id', 'date', 'categories', 'title']));
      for (const r of rows) io.out(line(r));
      io.out(`${rows.length} paper(s)`);
      return 0;
    },
  },
  build: {
    summary: 'write the reading list (Markdown) from the catalog',
    usage: 'papershelf build [--catalog DIR]',
    options: { ...CATALOG_OPTION },
    help: `${CATALOG_HELP}\nWrites reading-list.md next to the catalog folder (split into reading-list/*.md past 500 KB) and fills\nthe block between <!-- papershelf:list:start --> and <!-- papershelf:list:end --> in README.md.`,
    examples: ['papershelf build', 'papershelf build --catalog my-list/catalog'],
    run(values, _p, io) {
      const r = build({ catalog: resolveCatalog(values.catalog as string | undefined) });
      for (const f of r.written) io.out(`wrote ${f}`);
      io.out(`${r.papers} papers; ${r.written.length} file(s) written, ${r.unchanged.length} unchanged`);
      return 0;
    },
  },
  fmt: {
    summary: 'rewrite catalog files in the canonical layout (key order, quoting)',
    usage: 'papershelf fmt [--catalog DIR] [--check]',
    options: { ...CATALOG_OPTION, check: { type: 'boolean' } },
    help: `${CATALOG_HELP}\n  --check         list the files that are not in the canonical layout, change nothing (exit 1 if any)`,
    examples: ['papershelf fmt', 'papershelf fmt --check'],
    run(values, _p, io) {
      const r = fmt({ catalog: resolveCatalog(values.catalog as string | undefined), check: !!values.check });
      for (const f of r.changed) io.out(`${values.check ? 'not canonical' : 'rewrote'}: ${f}`);
      io.out(`${r.changed.length} of ${r.total} file(s) ${values.check ? 'not in the canonical layout' : 'rewritten'}`);
      return values.check && r.changed.length ? 1 : 0;
    },
  },
  schema: {
    summary: 'print the JSON Schema of catalog files (paper, resource, taxonomy)',
    usage: 'papershelf schema [paper|resource|taxonomy]',
    options: {},
    help: 'Editors validate catalog files with these schemas; the repository keeps them in schema/.',
    examples: ['papershelf schema paper > schema/paper.schema.json'],
    run(_v, positionals, io) {
      const all = jsonSchemas();
      const name = (positionals[0] ?? 'paper') as keyof typeof all;
      if (!(name in all)) throw usage(`unknown schema "${name}": paper, resource or taxonomy`);
      io.out(JSON.stringify(all[name], null, 2));
      return 0;
    },
  },
};

class UsageError extends Error {}
const usage = (message: string) => new UsageError(message);

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
