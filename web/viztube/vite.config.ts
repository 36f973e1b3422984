import { fileURLToPath } from 'node:url';
import { reactAppConfig } from '../shared/vite.ts';

// VizTube's web app, served by `viztube` at /. Light and dark themes follow the system.
// hls.js (~180 KB gzipped) is one chunk, loaded with the watch page only.
export default reactAppConfig(fileURLToPath(new URL('.', import.meta.url)), {
  tests: ['test/**/*.test.{ts,tsx}'],
  setupFiles: ['../shared/test/setup.ts'],
  chunkSizeWarningLimit: 700,
});
