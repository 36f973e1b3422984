import { useIntl } from 'react-intl';
import { useLocale } from './LocaleProvider';

// Each language named in itself ("Deutsch", "Français"), so whoever reads it finds their own.
function ownName(locale: string): string {
  const name = new Intl.DisplayNames([locale], { type: 'language' }).of(locale) ?? locale;
  return name.charAt(0).toLocaleUpperCase(locale) + name.slice(1);
}

export function LanguagePicker({ className = '' }: { className?: string }) {
  const { locale, locales, setLocale } = useLocale();
  const { formatMessage } = useIntl();
  if (locales.length < 2) return null;
  return (
    <label className={`flex items-center gap-2 text-sm text-slate-700 dark:text-slate-300 ${className}`}>
      {formatMessage({ id: 'ui.language' })}
      <select
        value={locale}
        onChange={(e) => setLocale(e.target.value)}
        className="min-h-10 rounded-md border border-slate-300 dark:border-slate-600 bg-white dark:bg-slate-900 px-2 text-sm"
      >
        {locales.map((l) => (
          <option key={l} value={l} lang={l}>
            {ownName(l)}
          </option>
        ))}
      </select>
    </label>
  );
}
