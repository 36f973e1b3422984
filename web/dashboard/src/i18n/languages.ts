import { appLanguages } from '@shared/i18n/languages';
import english from './lang/en.json';

// The dashboard speaks English, German, Spanish and French; messages are ICU (plurals, dates
// and numbers by language). Every id is typed from the English catalog (./ids.d.ts).
export const dashboardLanguages = appLanguages(english, {
  de: () => Promise.all([import('@shared/i18n/lang/de.json'), import('./lang/de.json')]),
  es: () => Promise.all([import('@shared/i18n/lang/es.json'), import('./lang/es.json')]),
  fr: () => Promise.all([import('@shared/i18n/lang/fr.json'), import('./lang/fr.json')]),
});
