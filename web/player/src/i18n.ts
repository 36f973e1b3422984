// The player's own words (pairing, idle, identify) in the screen's language. Every language
// ships with the player, since a screen must read right offline; the messages arrive as ASTs
// compiled at build time (shared/icu-catalogs.ts), so no parser runs on the TV.
//
// The language: `?lang=de` on the player's address (set by whoever installs the screen, and
// kept), else the browser's, else English.
import { IntlMessageFormat } from 'intl-messageformat';
import catalogs from 'virtual:icu-catalogs';
import { chosenLocale, saveLocale } from '../../shared/i18n/locale';
import type english from './lang/en.json';

export type MessageId = keyof typeof english;

const supported = ['en', 'de', 'es', 'fr'];
let locale = 'en';
const formatters = new Map<MessageId, IntlMessageFormat>();
let clock = new Intl.DateTimeFormat('en', { hour: 'numeric', minute: '2-digit' });

export function startLanguage(search: string): string {
  const asked = /[?&]lang=([A-Za-z-]+)/.exec(search)?.[1];
  if (asked) saveLocale(asked);
  locale = chosenLocale(supported);
  formatters.clear();
  clock = new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' });
  document.documentElement.lang = locale;
  return locale;
}

export function say(id: MessageId, values?: Record<string, string | number>): string {
  let formatter = formatters.get(id);
  if (!formatter) {
    const ast = catalogs[locale]?.[id] ?? catalogs['en']?.[id];
    formatter = new IntlMessageFormat(ast ?? [], locale);
    formatters.set(id, formatter);
  }
  return String(formatter.format(values));
}

// "15:04" or "3:04 PM", as the screen's language writes a time of day.
export function timeOfDay(at: Date): string {
  return clock.format(at);
}
