/** papershelf's library API: the same functions the CLI calls, returning data. */
export * from './model/schema.js';
export * from './model/ids.js';
export * from './model/problems.js';
export { flattenCategories, categoryIndex } from './model/taxonomy.js';
export { loadCatalog, type Catalog, type Loaded } from './catalog/load.js';
export { paperToYaml, resourceToYaml, taxonomyToYaml } from './catalog/format.js';
export { applyChanges } from './catalog/files.js';
export { parseYaml } from './catalog/yaml.js';
export { importMarkdown } from './import/markdown.js';
export { mergeImport } from './import/merge.js';
export { checkEntries, checkTaxonomy, dateVersusArxiv } from './check/rules.js';
export { renderList, renderReadmeBlock } from './render/markdown.js';
export { importList } from './commands/import.js';
export { check } from './commands/check.js';
export { build } from './commands/build.js';
export { listPapers } from './commands/list.js';
