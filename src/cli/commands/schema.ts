import { usage, type Command } from '../command.js';

export const schemaCommand: Command = {
    summary: 'print the JSON Schema of catalog files (paper, resource, taxonomy)',
    usage: 'papershelf schema [paper|resource|taxonomy]',
    options: {},
    help: 'Editors validate catalog files with these schemas; the repository keeps them in schema/.',
    examples: ['papershelf schema paper > schema/paper.schema.json'],
    async run(_v, positionals, io) {
      const { jsonSchemas } = await import('../../model/schema.js');
      const all = jsonSchemas();
      const name = (positionals[0] ?? 'paper') as keyof typeof all;
      if (!(name in all)) throw usage(`unknown schema "${name}": paper, resource or taxonomy`);
      io.out(JSON.stringify(all[name], null, 2));
      return 0;
    },
  };
