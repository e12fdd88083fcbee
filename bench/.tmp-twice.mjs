const { loadCatalog } = await import('../dist/catalog/load.js');
const ex = await import('../dist/commands/export.js');
const catalog = loadCatalog(process.argv[2]);
for (let i = 0; i < 3; i++) { const c = process.cpuUsage(); const t = performance.now(); await ex.writeFeedsAndExports({ catalog, base: '/', siteUrl: 'https://e.org/', now: new Date() }); const d = process.cpuUsage(c); console.log(i, 'wall', (performance.now() - t).toFixed(0), 'cpu', ((d.user + d.system) / 1000).toFixed(0)); }
