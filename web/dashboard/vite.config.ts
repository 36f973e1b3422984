import { fileURLToPath } from 'node:url';
import { reactAppConfig } from '../shared/vite.ts';

// The dashboard, served at /; each page its own chunk. Light only: the shared components'
// dark variants never apply here.
export default reactAppConfig(fileURLToPath(new URL('.', import.meta.url)), {
  darkMode: 'class',
  tests: ['test/**/*.test.tsx'],
  setupFiles: ['../shared/test/setup.ts'],
});
