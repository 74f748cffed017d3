// One benchmark step in its own process, so its peak memory (maxRSS) is its own.
// Usage: node --import tsx bench/step.ts <step> <size> <workdir>
// Prints one JSON line: { step, size, seconds, max_rss_mb, ...whatever the step returns }.
const [step, sizeArg, workdir] = process.argv.slice(2);
if (!step || !sizeArg || !workdir) {
  console.error('usage: bench/step.ts <step> <size> <workdir>');
  process.exit(2);
}
const size = Number(sizeArg);
// Only the step files proper: the argument names a file, not a path.
if (!/^[a-z-]+$/.test(step)) {
  console.error(`unknown bench step "${step}"`);
  process.exit(2);
}
const mod = (await import(`./steps/${step}.ts`)) as {
  run(args: { workdir: string; size: number }): Promise<Record<string, number>>;
};
const started = performance.now();
const extra = await mod.run({ workdir, size });
const seconds = (performance.now() - started) / 1000;
// maxRSS is in kilobytes on Linux.
const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
console.log(JSON.stringify({ step, size, seconds: Number(seconds.toFixed(2)), max_rss_mb: maxRssMb, ...extra }));
