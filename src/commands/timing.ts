/** PAPERSHELF_TIMING=1 prints how long each step of a build took and when it ended, for whoever tunes the build. */
export function timing(what: string, since: number): void {
  if (process.env.PAPERSHELF_TIMING) process.stderr.write(`papershelf: ${what} ${Math.round(performance.now() - since)} ms, done at ${process.uptime().toFixed(2)} s\n`);
}
