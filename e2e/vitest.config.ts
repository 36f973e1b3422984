import { defineConfig } from 'vitest/config';

// Browser journeys against the real server: one file at a time (each starts its own server
// and Chromium), steps in order within a file.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
