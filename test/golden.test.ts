/** Golden test: the seed's format imported and built gives exactly the committed output. */
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { build } from '../src/commands/build.js';
import { importList } from '../src/commands/import.js';
import { awesomeLint } from './lint.js';
import { FIXTURES, tempDir } from './helpers.js';

test('import the seed layout, build the list: same bytes as the golden file, and awesome-lint clean', async () => {
  const dir = tempDir();
  const catalog = join(dir, 'catalog');
  importList({ catalog, file: join(FIXTURES, 'seed-style.md'), today: '2026-01-01' });
  // A real list's title is in title case; the importer takes the file name.
  writeFileSync(join(catalog, 'taxonomy.yaml'), readFileSync(join(catalog, 'taxonomy.yaml'), 'utf8').replace(/^title: .*$/m, 'title: Seed Style List'));
  await build({ catalog });
  const out = readFileSync(join(dir, 'reading-list.md'), 'utf8');
  const golden = join(FIXTURES, 'golden', 'reading-list.md');
  if (process.env.UPDATE_GOLDEN || !existsSync(golden)) writeFileSync(golden, out);
  assert.equal(out, readFileSync(golden, 'utf8'));
  await build({ catalog });
  assert.equal(readFileSync(join(dir, 'reading-list.md'), 'utf8'), out, 'a second build writes the same bytes');
  copyFileSync(join(FIXTURES, '..', '..', 'CONTRIBUTING.md'), join(dir, 'CONTRIBUTING.md'));
  const messages = await awesomeLint(join(dir, 'reading-list.md'));
  assert.deepEqual(messages.filter((m) => m.fatal !== false), []);
});
