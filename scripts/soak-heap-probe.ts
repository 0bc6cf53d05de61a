// Preloaded into the soaked `serve` (node --expose-gc --import): on SIGUSR2 it runs a full garbage
// collection and logs the live heap, so the soak tells a leak from the heap merely growing into its size.
const gc = (globalThis as { gc?: () => void }).gc;

process.on('SIGUSR2', () => {
  gc?.();
  const m = process.memoryUsage();
  const fields = {
    heapUsed: m.heapUsed,
    external: m.external,
    arrayBuffers: m.arrayBuffers,
    rss: m.rss,
    gc: gc !== undefined,
  };
  process.stderr.write(
    `${JSON.stringify({ ts: new Date().toISOString(), level: 'info', msg: 'soak heap', fields })}\n`,
  );
});
