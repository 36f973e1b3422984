import type { AppLanguages } from '@shared/i18n/LocaleProvider';
import english from 'virtual:icu-catalogs/en';

// The dashboard speaks English, German, Spanish and French; messages are ICU (plurals, dates
// and numbers by language), compiled at build time with the shared components' (vite.config.ts),
// each translation its own chunk. Every id is typed from the English catalog (./ids.d.ts).
export const dashboardLanguages: AppLanguages = {
  english,
  translations: {
    de: () => import('virtual:icu-catalogs/de').then((m) => m.default),
    es: () => import('virtual:icu-catalogs/es').then((m) => m.default),
    fr: () => import('virtual:icu-catalogs/fr').then((m) => m.default),
  },
};
