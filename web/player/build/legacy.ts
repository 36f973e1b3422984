// The player for old smart TVs (issue 24): Chromium 47 and later without ES modules, or with
// modules but older than what Vite calls modern (Chromium 105: import.meta.resolve).
//
// * @vitejs/plugin-legacy transpiles and polyfills the player for LEGACY_TARGETS and adds the
//   nomodule scripts to index.html, so an old engine that opens index.html runs it anyway.
// * legacy.html is index.html with only those scripts, no longer nomodule: the server sends it
//   to Chromium engines older than 105 by User-Agent (vizora/app/web_routes.cpp), so an engine
//   that knows modules but not enough of them skips the modern bundle instead of downloading
//   it, failing, and falling back.
// * The service worker is one classic script for every engine (classicWorker), transpiled
//   for the same targets.

import { transformAsync } from '@babel/core';
import { minify } from 'terser';
import { build, type Plugin } from 'vite';

// Tizen 3 (2017 TVs) is Chromium 47, Tizen 4 is 56, webOS 4 is 53, webOS 5 is 68; Android
// sticks' WebViews are whatever they updated to. Tizen 2.4 and webOS 3 (not Chromium, or
// Chromium 38 without fetch) are not targets.
export const LEGACY_TARGETS = ['chrome >= 47'];

const MODULE_SCRIPT = /\s*<script type="module"[^>]*>[\s\S]*?<\/script>/g;
// plugin-legacy's Safari 10.1 fix: no use without modules.
const SAFARI_NOMODULE_FIX = /\s*<script nomodule>[\s\S]*?<\/script>/g;

// index.html → legacy.html: the module scripts go, the nomodule ones become plain scripts.
export function legacyPage(html: string): string {
  const page = html
    .replace(MODULE_SCRIPT, '')
    .replace(SAFARI_NOMODULE_FIX, '')
    .replace(/<script nomodule /g, '<script ');
  if (page.includes('type="module"') || !page.includes('vite-legacy-entry')) {
    throw new Error('legacy.html: index.html is not what plugin-legacy writes; check its version');
  }
  return page;
}

export function legacyIndex(): Plugin {
  return {
    name: 'vizora-legacy-index',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const index = bundle['index.html'];
      if (index?.type !== 'asset') return; // the legacy pass: no page yet
      this.emitFile({ type: 'asset', fileName: 'legacy.html', source: legacyPage(String(index.source)) });
    },
  };
}

// A service worker must be one classic script: bundled on its own (the player's bundle would
// make it a module, and plugin-legacy adds a module guard to every entry), then transpiled for
// `targets` so the oldest engine parses it, and minified.
export function classicWorker(entry: string, fileName: string, targets: string[]): Plugin {
  return {
    name: 'vizora-classic-worker',
    apply: 'build',
    enforce: 'post',
    async generateBundle(_options, bundle) {
      if (!bundle['index.html']) return; // once, in the modern pass
      const built = await build({
        configFile: false,
        logLevel: 'warn',
        build: {
          write: false,
          minify: false,
          lib: { entry, formats: ['iife'], name: 'vizoraWorker', fileName: () => fileName },
        },
      });
      const outputs = Array.isArray(built) ? built : [built];
      const chunk = outputs.flatMap((o) => ('output' in o ? o.output : [])).find((c) => c.type === 'chunk');
      if (!chunk || chunk.type !== 'chunk') throw new Error(`${entry}: nothing built`);
      const transpiled = await transformAsync(chunk.code, {
        configFile: false,
        babelrc: false,
        sourceType: 'script',
        presets: [['@babel/preset-env', { targets, bugfixes: true, modules: false }]],
      });
      const minified = await minify(transpiled?.code ?? '', { ecma: 5, compress: true, mangle: true });
      if (!minified.code) throw new Error(`${entry}: terser gave nothing`);
      this.emitFile({ type: 'asset', fileName, source: minified.code });
    },
  };
}
