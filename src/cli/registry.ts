/** Every CLI command, in the order `papershelf --help` lists them. Add a command here. */
import type { Command } from './command.js';
import { buildCommand } from './commands/build.js';
import { checkCommand } from './commands/check.js';
import { fmtCommand } from './commands/fmt.js';
import { importCommand } from './commands/import.js';
import { listCommand } from './commands/list.js';
import { schemaCommand } from './commands/schema.js';

export const commands: Record<string, Command> = {
  import: importCommand,
  check: checkCommand,
  list: listCommand,
  build: buildCommand,
  fmt: fmtCommand,
  schema: schemaCommand,
};
