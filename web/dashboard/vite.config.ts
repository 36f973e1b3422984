import { fileURLToPath } from 'node:url';
import { reactAppConfig } from '../shared/vite.ts';

// The dashboard, served at /; each page its own chunk. Dark when the system is.
export default reactAppConfig(fileURLToPath(new URL('.', import.meta.url)), {
  tests: ['test/**/*.test.tsx'],
  setupFiles: ['../shared/test/setup.ts'],
  catalogs: ['src/i18n/lang'],
});
