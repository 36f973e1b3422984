import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import tailwindcss from 'tailwindcss';
import { defineConfig } from 'vitest/config';

const here = fileURLToPath(new URL('.', import.meta.url));

// The dashboard is served by the server at / (any path falls back to index.html, so the
// router owns the URL). Pages are split into their own chunks.
export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  resolve: { alias: { '@shared': `${here}../shared` } },
  css: {
    postcss: {
      // Tailwind 3 (pure JavaScript; v4's native scanner is not installable from every registry).
      // The dashboard is light only: the shared components' dark variants never apply here.
      plugins: [
        tailwindcss({
          darkMode: 'class',
          content: [`${here}index.html`, `${here}src/**/*.{ts,tsx}`, `${here}../shared/**/*.{ts,tsx}`],
        }),
      ],
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
  },
  test: {
    root: here,
    include: ['test/**/*.test.tsx'],
    environment: 'jsdom',
    setupFiles: ['test/setup.ts'],
  },
});
