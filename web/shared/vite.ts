import react from '@vitejs/plugin-react';
import tailwindcss from 'tailwindcss';
import { defineConfig } from 'vitest/config';
import { icuCatalogs, noParser } from './icu-catalogs.ts';
import { precompress } from './precompress.ts';

// The Vite and Vitest configuration of a React web app served by our server at / (unknown
// paths fall back to its index.html, so the router owns the URL), with `@shared/…` imports
// and Tailwind 3 over the app's and the shared sources (pure JavaScript; v4's native scanner
// is not installable from every registry). `here` is the app's folder, ending in '/'. Its words
// are the shared catalogs and the app's own (`catalogs`, folders under it), compiled at build
// time (icu-catalogs.ts); production builds leave the message parser out.
export function reactAppConfig(
  here: string,
  options: {
    tests: string[]; // Vitest's include, under the app's folder
    setupFiles?: string[];
    chunkSizeWarningLimit?: number;
    catalogs?: string[];
  },
) {
  return defineConfig(({ command }) => ({
    root: here,
    base: '/',
    plugins: [
      react(),
      icuCatalogs([`${here}../shared/i18n/lang`, ...(options.catalogs ?? []).map((dir) => `${here}${dir}`)]),
      precompress(),
    ],
    resolve: {
      alias: {
        '@shared': `${here}../shared`,
        ...(command === 'build' ? noParser(`${here}../node_modules`) : {}),
      },
    },
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
  }));
}
