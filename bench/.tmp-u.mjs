const c = process.cpuUsage(); const t = performance.now();
await import('unicode2latex');
const d = process.cpuUsage(c); console.log('import unicode2latex wall', (performance.now() - t).toFixed(0), 'cpu', ((d.user + d.system) / 1000).toFixed(0));
const c2 = process.cpuUsage(); await import('../dist/export/paper.js'); const d2 = process.cpuUsage(c2); console.log('paper.js', ((d2.user + d2.system) / 1000).toFixed(0));
