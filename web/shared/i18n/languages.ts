import type { AppLanguages } from './LocaleProvider';
import type { Catalog } from './locale';
import english from './lang/en.json';

// An app's languages: the shared components' messages under the app's own. A translation is
// loaded (its own chunk) only when chosen.
export function appLanguages(
  own: Catalog,
  translations: Record<string, () => Promise<[{ default: Catalog }, { default: Catalog }]>>,
): AppLanguages {
  return {
    english: { ...english, ...own },
    translations: Object.fromEntries(
      Object.entries(translations).map(([locale, load]) => [
        locale,
        () => load().then(([shared, app]) => ({ ...shared.default, ...app.default })),
      ]),
    ),
  };
}
