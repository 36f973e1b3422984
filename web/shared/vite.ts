import react from '@vitejs/plugin-react';
import tailwindcss from 'tailwindcss';
import { defineConfig } from 'vitest/config';
import { precompress } from './precompress.ts';

// The Vite and Vitest configuration of a React web app served by our server at / (unknown
// paths fall back to its index.html, so the router owns the URL), with `@shared/…` imports
// and Tailwind 3 over the app's and the shared sources (pure JavaScript; v4's native scanner
// is not installable from every registry). `here` is the app's folder, ending in '/'.
export function reactAppConfig(
  here: string,
  options: {
    tests: string[]; // Vitest's include, under the app's folder
    setupFiles?: string[];
    chunkSizeWarningLimit?: number;
  },
) {
  return defineConfig({
    root: here,
    base: '/',
    plugins: [react(), precompress()],
    resolve: { alias: { '@shared': `${here}../shared` } },
    css: {
      postcss: {
        plugins: [
          tailwindcss({
            darkMode: 'media', // dark variants follow the system's theme
            content: [`${here}index.html`, `${here}src/**/*.{ts,tsx}`, `${here}../shared/**/*.{ts,tsx}`],
          }),
        ],
      },
    },
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      target: 'es2022',
      ...(options.chunkSizeWarningLimit ? { chunkSizeWarningLimit: options.chunkSizeWarningLimit } : {}),
    },
    test: {
      root: here,
      include: options.tests,
      environment: 'jsdom',
      ...(options.setupFiles ? { setupFiles: options.setupFiles } : {}),
    },
  });
}
