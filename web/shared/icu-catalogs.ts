import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import type { Plugin } from 'vite';

type Compiled = Record<string, MessageFormatElement[]>;

// The ICU catalogs (`<locale>.json`) of `dirs`, parsed here, at build time, into the ASTs
// intl-messageformat formats: an app ships no message parser (see `noParser`) and a slow
// screen parses nothing; a message that does not parse fails the build. A locale's catalogs
// are merged, later folders over earlier ones (an app's own words over the shared ones).
//   import catalogs from 'virtual:icu-catalogs';      every locale: { de: {...}, ... }
//   import english from 'virtual:icu-catalogs/en';    one locale (its own chunk when imported lazily)
export function icuCatalogs(dirs: string[]): Plugin {
  const prefix = 'virtual:icu-catalogs';
  const compile = (watch: (file: string) => void): Record<string, Compiled> => {
    const catalogs: Record<string, Compiled> = {};
    for (const dir of dirs)
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
        watch(join(dir, file));
        const messages = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, string>;
        const locale = file.slice(0, -'.json'.length);
        catalogs[locale] = { ...catalogs[locale] };
        for (const [id, message] of Object.entries(messages)) catalogs[locale][id] = parse(message);
      }
    return catalogs;
  };
  return {
    name: 'icu-catalogs',
    resolveId: (source) => (source === prefix || source.startsWith(`${prefix}/`) ? `\0${source}` : null),
    load(id) {
      if (!id.startsWith(`\0${prefix}`)) return null;
      const catalogs = compile((file) => this.addWatchFile(file));
      const locale = id.slice(`\0${prefix}/`.length);
      if (id === `\0${prefix}`) return `export default ${JSON.stringify(catalogs)};`;
      if (!catalogs[locale]) this.error(`no catalog for the locale "${locale}" in ${dirs.join(', ')}`);
      return `export default ${JSON.stringify(catalogs[locale])};`;
    },
  };
}

// With every message compiled, the parser intl-messageformat imports is dead weight: this
// alias swaps in the package's own parser-less build (for production builds; tests keep it).
export function noParser(nodeModules: string): Record<string, string> {
  return {
    '@formatjs/icu-messageformat-parser': `${nodeModules}/@formatjs/icu-messageformat-parser/no-parser.js`,
  };
}
