// Issue: the foundation. check and build on synthetic catalogs of 1k, 10k and 100k papers, next to the floor of
// just reading and parsing the same files. Targets: 10k check+build ≤ 2 s and ≤ 3× the floor; 100k ≤ 20 s;
// peak memory ≤ 1 GB. The floor uses js-yaml (the read path of valid files); eemeli/yaml, which keeps positions, is
// shown beside it.
import { median, syntheticCatalog, table, timeTask } from './lib.mjs';

export default async function () {
  const rows = [];
  const sizes = (process.env.BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number);
  for (const n of sizes) {
    const catalog = await syntheticCatalog(n);
    const runs = n >= 100000 ? 3 : 5;
    const measure = (task) => {
      // The first build writes the list; later ones compare and write nothing, as on a maintainer's machine.
      timeTask(task, catalog);
      const samples = Array.from({ length: runs }, () => timeTask(task, catalog));
      return { ms: median(samples.map((s) => s.ms)), rss: Math.max(...samples.map((s) => s.rssMB)) };
    };
    const floor = measure('floor');
    const exact = measure('floor-exact');
    const check = measure('check');
    const build = measure('build');
    const both = measure('check+build');
    rows.push({
      papers: n,
      'floor ms (js-yaml)': floor.ms.toFixed(0),
      'eemeli/yaml parse ms': exact.ms.toFixed(0),
      'check ms': check.ms.toFixed(0),
      'build ms': build.ms.toFixed(0),
      'check+build ms': both.ms.toFixed(0),
      '× floor': (both.ms / floor.ms).toFixed(2),
      'peak RSS MB': both.rss.toFixed(0),
    });
  }
  table(rows, Object.keys(rows[0]));
  console.log('\nmedian of 5 runs (3 at 100k), each in a fresh process, after one warm-up run; times exclude Node start-up.');
}
