import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '@formatjs/icu-messageformat-parser';
import type { Plugin } from 'vite';

// `import catalogs from 'virtual:icu-catalogs'`: every `<locale>.json` of `dir` with its ICU
// messages parsed here, at build time, into the ASTs intl-messageformat formats. The app ships
// no message parser (alias `@formatjs/icu-messageformat-parser` to its `no-parser.js`) and an
// old TV parses nothing; a message that does not parse fails the build.
export function icuCatalogs(dir: string): Plugin {
  const id = 'virtual:icu-catalogs';
  const resolved = `\0${id}`;
  return {
    name: 'icu-catalogs',
    resolveId: (source) => (source === id ? resolved : null),
    load(loading) {
      if (loading !== resolved) return null;
      const catalogs: Record<string, Record<string, unknown>> = {};
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
        this.addWatchFile(join(dir, file));
        const messages = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, string>;
        catalogs[file.slice(0, -'.json'.length)] = Object.fromEntries(
          Object.entries(messages).map(([key, message]) => [key, parse(message)]),
        );
      }
      return `export default ${JSON.stringify(catalogs)};`;
    },
  };
}
