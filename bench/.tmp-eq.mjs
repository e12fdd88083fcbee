const { loadCatalog } = await import('../dist/catalog/load.js');
const ex = await import('../dist/commands/export.js');
const J = await import('../dist/export/json.js');
for (const dir of process.argv.slice(2)) {
  const catalog = loadCatalog(dir);
  const e = ex.exportEntries(catalog);
  for (const schemaUrl of [undefined, 'https://x/schema.json']) {
    const input = { taxonomy: catalog.taxonomy, entries: e.entries, resources: e.resources, generated: new Date(0), ...(schemaUrl ? { schemaUrl } : {}) };
    console.log(dir, J.renderJson(input) === JSON.stringify(J.exportDocument(input), null, 2) + '\n');
    const empty = { ...input, entries: [], resources: [] };
    console.log('empty', J.renderJson(empty) === JSON.stringify(J.exportDocument(empty), null, 2) + '\n');
  }
}
