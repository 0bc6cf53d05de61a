// Vitest configuration of the end-to-end suite (`bash e2e/run.sh`, i.e. `make e2e`): only
// e2e/**/*.e2e.ts, so the root configuration that `make test` uses never picks these files up.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['e2e/**/*.e2e.ts'],
    // Each file sends hundreds of requests to a real API server; none waits for a pod to run.
    testTimeout: 600_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
