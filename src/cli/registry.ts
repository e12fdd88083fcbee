/** Every CLI command, in the order `papershelf --help` lists them. Add a command here. */
import type { Command } from './command.js';
import { acceptCommand } from './commands/accept.js';
import { addCommand } from './commands/add.js';
import { buildCommand } from './commands/build.js';
import { checkCommand } from './commands/check.js';
import { discoverCommand } from './commands/discover.js';
import { exportCommand } from './commands/export.js';
import { fmtCommand } from './commands/fmt.js';
import { harvestCommand } from './commands/harvest.js';
import { importCommand } from './commands/import.js';
import { listCommand } from './commands/list.js';
import { refreshCommand } from './commands/refresh.js';
import { rejectCommand } from './commands/reject.js';
import { schemaCommand } from './commands/schema.js';
import { serveCommand } from './commands/serve.js';

export const commands: Record<string, Command> = {
  import: importCommand,
  add: addCommand,
  refresh: refreshCommand,
  check: checkCommand,
  list: listCommand,
  build: buildCommand,
  export: exportCommand,
  fmt: fmtCommand,
  schema: schemaCommand,
  serve: serveCommand,
  harvest: harvestCommand,
  discover: discoverCommand,
  accept: acceptCommand,
  reject: rejectCommand,
};
