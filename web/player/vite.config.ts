import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { precompress } from '../shared/precompress.ts';

const here = fileURLToPath(new URL('.', import.meta.url));

// The player is served by the server at /player; sw.js keeps a fixed name at its root so it
// can control the whole /player/ scope.
export default defineConfig({
  root: here,
  base: '/player/',
  plugins: [precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2017',
    modulePreload: false,
    rollupOptions: {
      input: { index: `${here}index.html`, sw: `${here}src/sw.ts` },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js'),
      },
    },
  },
  test: {
    root: here,
    include: ['test/**/*.test.ts'],
  },
});
