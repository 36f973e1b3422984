import { createContext, Fragment, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { RawIntlProvider, type IntlShape } from 'react-intl';
import { switchIntl, type Catalog } from './intl';
import { chosenLocale, saveLocale } from './locale';

// What an app speaks: English, bundled (every message has it), and translations loaded when
// chosen. A translation is laid over English, so a message it lacks reads in English.
export interface AppLanguages {
  english: Catalog;
  translations: Readonly<Record<string, () => Promise<Catalog>>>;
}

interface LocaleState {
  locale: string;
  locales: readonly string[];
  setLocale: (locale: string) => void;
}

const LocaleContext = createContext<LocaleState>({ locale: 'en', locales: ['en'], setLocale: () => {} });

export function useLocale(): LocaleState {
  return useContext(LocaleContext);
}

// The language picked from the browser or the person's choice; the page's `lang` follows it.
// Until a translation has arrived nothing is drawn (a moment, then cached), rather than a
// flash of English. A change of language re-mounts the app below: code outside components
// reads the new language too (intl.ts); server state lives above, in the query cache.
export function LocaleProvider({ languages, children }: { languages: AppLanguages; children: ReactNode }) {
  const locales = useMemo(() => ['en', ...Object.keys(languages.translations)], [languages]);
  const [wanted, setWanted] = useState(() => chosenLocale(locales));
  const [shown, setShown] = useState<{ locale: string; intl: IntlShape } | null>(() =>
    wanted === 'en' ? { locale: 'en', intl: switchIntl('en', languages.english) } : null,
  );
  useEffect(() => {
    if (shown?.locale === wanted) return;
    let live = true;
    const load = languages.translations[wanted];
    const translation = load ? load() : Promise.resolve({});
    translation
      .catch((): Catalog => ({})) // unreachable server: English until the next try
      .then((messages) => {
        if (live)
          setShown({ locale: wanted, intl: switchIntl(wanted, { ...languages.english, ...messages }) });
      });
    return () => {
      live = false;
    };
  }, [wanted, shown, languages]);
  useEffect(() => {
    if (shown) document.documentElement.lang = shown.locale;
  }, [shown]);
  const state = useMemo(
    () => ({
      locale: shown?.locale ?? wanted,
      locales,
      setLocale: (locale: string) => {
        saveLocale(locale);
        setWanted(locale);
      },
    }),
    [shown, wanted, locales],
  );
  if (!shown) return null;
  return (
    <LocaleContext.Provider value={state}>
      <RawIntlProvider value={shown.intl}>
        <Fragment key={shown.locale}>{children}</Fragment>
      </RawIntlProvider>
    </LocaleContext.Provider>
  );
}
