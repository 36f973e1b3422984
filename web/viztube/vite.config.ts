import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import tailwindcss from 'tailwindcss';
import { defineConfig } from 'vitest/config';

const here = fileURLToPath(new URL('.', import.meta.url));

// VizTube's web app, served by `viztube` at / (unknown paths fall back to index.html, so the
// router owns the URL). Pages are their own chunks; hls.js loads with the watch page only.
export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  resolve: { alias: { '@shared': `${here}../shared` } },
  css: {
    postcss: {
      // Light and dark themes follow the system (Tailwind's `media` dark mode).
      plugins: [
        tailwindcss({
          darkMode: 'media',
          content: [`${here}index.html`, `${here}src/**/*.{ts,tsx}`, `${here}../shared/**/*.{ts,tsx}`],
        }),
      ],
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // hls.js (~180 KB gzipped) is one chunk, loaded with the watch page only.
    chunkSizeWarningLimit: 700,
  },
  test: {
    root: here,
    include: ['test/**/*.test.{ts,tsx}'],
    environment: 'jsdom',
  },
});
