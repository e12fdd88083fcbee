import { formatProblem } from '../../model/problems.js';
import { CATALOG_HELP, CATALOG_OPTION, resolveCatalog, usage, type Command } from '../command.js';

export const serveCommand: Command = {
  summary: 'serve the website locally and rebuild it when the catalog changes',
  usage: 'papershelf serve [--catalog DIR] [--port N] [--host H] [--base /path/] [--out DIR] [--store FILE]',
  options: { ...CATALOG_OPTION, port: { type: 'string' }, host: { type: 'string' }, base: { type: 'string' }, out: { type: 'string' }, store: { type: 'string' } },
  help: `${CATALOG_HELP}
  --port N        port to listen on (default 8080; 0 picks a free one)
  --host H        address to listen on (default 127.0.0.1: this machine only)
  --base PATH     serve the site under a sub-path, as GitHub Pages will (default /)
  --out DIR       build into DIR, replaced as a whole (default: a temporary folder, removed on exit)
  --store FILE    the discovery store for the triage page at <base>triage/ (default: the one harvest fills)
Builds the website, feeds and exports, serves them, and rebuilds whenever a file of the catalog changes.
A catalog with errors keeps the last good site and prints the problems. Stop with Ctrl+C.`,
  examples: ['papershelf serve', 'papershelf serve --port 3000', 'papershelf serve --catalog my-list/catalog --base /llm-papers/'],
  async run(values, _p, io) {
    const { serve } = await import('../../server/serve.js');
    const portText = (values.port as string | undefined) ?? '8080';
    if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) throw usage(`--port takes a number from 0 to 65535, not "${portText}"`);
    const host = (values.host as string | undefined) ?? '127.0.0.1';
    const handle = await serve({
      catalog: resolveCatalog(values.catalog as string | undefined),
      port: Number(portText),
      host,
      ...(values.base ? { base: values.base as string } : {}),
      ...(values.out ? { out: values.out as string } : {}),
      ...(values.store ? { store: values.store as string } : {}),
      onEvent(e) {
        const time = new Date().toTimeString().slice(0, 8);
        if (e.kind === 'built' && e.ms) io.out(`${time} rebuilt: ${e.papers} papers, ${e.files} files in ${Math.round(e.ms)} ms`);
        else if (e.kind === 'failed') {
          for (const p of e.problems) io.err(formatProblem(p));
          io.err(`${time} the catalog has errors: still serving the last good build`);
        } else if (e.kind === 'error') io.err(`${time} ${e.message}`);
      },
    });
    if (!/^(127\.|::1$|localhost$)/.test(host)) io.err(`note: listening on ${host}: other machines on the network can read the site`);
    io.out(`Serving ${handle.url} (built into ${handle.out})`);
    io.out(`Triage of discovered papers: ${handle.url.replace(/\/?$/, '/')}triage/ (after papershelf harvest)`);
    io.out('Rebuilds when the catalog changes. Press Ctrl+C to stop.');
    await new Promise<void>((done) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        void handle.close().then(done, done);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    return 0;
  },
};
