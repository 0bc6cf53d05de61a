// Vitest configuration: unit and integration tests live beside the code they test.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'conformance/**/*.test.ts', 'scripts/**/*.test.ts', 'e2e/**/*.test.ts'],
    // The playground's browser tests need a build and Chromium: `make browser` (vitest.browser.config.ts).
    exclude: ['**/node_modules/**', 'src/**/*.browser.test.ts'],
    testTimeout: 30_000,
    pool: 'forks',
  },
});
