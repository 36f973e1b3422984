import { defineConfig } from 'vitest/config';

// Browser journeys against the real server: one file at a time (each starts its own server
// and Chromium), steps in order within a file.
export default defineConfig({
  test: {
    // VIZORA_SOAK=1 runs the long measurements of bench/ instead (bench/player/run).
    include: process.env.VIZORA_SOAK ? ['bench/**/*.soak.ts'] : ['tests/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: process.env.VIZORA_SOAK ? 3 * 3_600_000 : 120_000,
    hookTimeout: 60_000,
  },
});
