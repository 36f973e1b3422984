// Which language an app speaks: the one the person chose (kept in this browser), else the
// first of the browser's languages the app has, else English. Framework-free: the player
// (Chromium 47 and later) uses it as the React apps do.

const storageKey = 'vizora.language';

// The supported locale that best matches one of `wanted` (BCP 47 tags, most wanted first):
// the exact tag, else the same language ("de-AT" → "de").
export function pickLocale<L extends string>(supported: readonly L[], wanted: readonly string[]): L {
  for (const tag of wanted) {
    const lower = tag.toLowerCase();
    const exact = supported.find((l) => l.toLowerCase() === lower);
    if (exact) return exact;
    const language = lower.split('-')[0];
    const same = supported.find((l) => l.toLowerCase().split('-')[0] === language);
    if (same) return same;
  }
  return supported[0] as L;
}

export function browserLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return [];
  return navigator.languages && navigator.languages.length > 0 ? navigator.languages : [navigator.language];
}

function stored(): string | null {
  try {
    return localStorage.getItem(storageKey);
  } catch {
    return null; // storage switched off: the browser's languages decide
  }
}

export function chosenLocale<L extends string>(supported: readonly L[]): L {
  const saved = stored();
  return pickLocale(supported, saved ? [saved, ...browserLanguages()] : browserLanguages());
}

export function saveLocale(locale: string): void {
  try {
    localStorage.setItem(storageKey, locale);
  } catch {
    // Storage switched off: the choice lasts until the page is left.
  }
}
