import legacy from '@vitejs/plugin-legacy';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { icuCatalogs, noParser } from '../shared/icu-catalogs.ts';
import { precompress } from '../shared/precompress.ts';
import { classicWorker, LEGACY_TARGETS, legacyIndex } from './build/legacy.ts';

const here = fileURLToPath(new URL('.', import.meta.url));

// The player is served by the server at /player; sw.js keeps a fixed name at its root so it
// can control the whole /player/ scope. Old engines get a transpiled bundle (build/legacy.ts).
export default defineConfig({
  root: here,
  base: '/player/',
  plugins: [
    legacy({ targets: LEGACY_TARGETS }),
    legacyIndex(),
    classicWorker(`${here}src/sw.ts`, 'sw.js', LEGACY_TARGETS),
    icuCatalogs([`${here}src/lang`]),
    precompress(),
  ],
  // Messages come compiled (icuCatalogs): the parser stays out of the bundle.
  resolve: { alias: noParser(`${here}../node_modules`) },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    modulePreload: false,
  },
  test: {
    root: here,
    include: ['test/**/*.test.ts'],
  },
});
