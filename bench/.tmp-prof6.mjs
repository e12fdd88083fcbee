const { loadCatalog } = await import('../dist/catalog/load.js');
const ex = await import('../dist/commands/export.js');
const catalog = loadCatalog(process.argv[2]);
const { Session } = await import('node:inspector/promises');
const s = new Session(); s.connect();
await s.post('Profiler.enable'); await s.post('Profiler.setSamplingInterval', { interval: 500 }); await s.post('Profiler.start');
await ex.writeFeedsAndExports({ catalog, base: '/', siteUrl: 'https://e.org/', now: new Date() });
const { profile: p } = await s.post('Profiler.stop');
const byId = new Map(p.nodes.map(n => [n.id, n])); const parent = new Map();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const name = (n) => `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}`;
// inclusive time per top-level function of mine
const incl = new Map();
p.samples.forEach((id, i) => { const seen = new Set(); let n = byId.get(id); while (n) { const k = name(n); if (!seen.has(k)) { seen.add(k); incl.set(k, (incl.get(k) ?? 0) + (p.timeDeltas[i] ?? 0)); } n = byId.get(parent.get(n.id)); } });
console.log([...incl].filter(([k]) => /export\/|commands\/export|dispatch|garbage/.test(k)).sort((a, b) => b[1] - a[1]).slice(0, 30).map(([k, v]) => `${(v / 1000).toFixed(0).padStart(6)} ms  ${k}`).join('\n'));
p.samples.forEach((id) => { const n = byId.get(id); if (n.callFrame.functionName === 'dispatch') { let x = n, chain = []; for (let j = 0; j < 4 && x; j++) { chain.push(name(x)); x = byId.get(parent.get(x.id)); } globalThis.d = chain.join(' <- '); } });
console.log('dispatch chain:', globalThis.d);
