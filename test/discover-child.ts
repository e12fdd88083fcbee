/** A harvest in a child process, for the kill-and-resume tests: `file FILE STORE` or `oai URL STORE`. */
import { harvestFile } from '../src/harvest/jsonl.js';
import { harvestOai } from '../src/harvest/oai.js';
import { HttpClient } from '../src/sources/http.js';
import { Store } from '../src/store/store.js';

const [mode, source, storeFile] = process.argv.slice(2) as [string, string, string];
const store = Store.open(storeFile);
if (mode === 'file') await harvestFile(store, { file: source, batch: 100 });
else await harvestOai(store, new HttpClient({ userAgent: 'papershelf-test', limits: { arxiv: { intervalMs: 0, concurrency: 1 } } }), { baseUrl: source, set: 'cs', from: '2025-06-01' });
store.close();
process.stdout.write('done\n');
