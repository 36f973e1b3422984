// @vitest-environment jsdom
// The player's own screens speak the screen's language: ?lang= on its address (kept), else the
// browser's, else English; times of day as that language writes them.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { say, startLanguage } from '../src/i18n';
import { idleSlide, type SlideContext } from '../src/slides';

const context = (offlineSince: number | null): SlideContext => ({
  fetchJson: () => Promise.reject(new Error('unused')),
  freshLinks: () => Promise.resolve(null),
  viewport: () => ({ width: 1000, height: 600 }),
  offlineSince: () => offlineSince,
});

afterEach(() => {
  localStorage.clear();
  vi.restoreAllMocks();
});

describe('the player’s language', () => {
  it('is the browser’s, else English', () => {
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['fr-CA', 'en']);
    expect(startLanguage('')).toBe('fr');
    expect(document.documentElement.lang).toBe('fr');
    expect(say('pairing.unreachable')).toBe('Le serveur est injoignable. Nouvel essai…');
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['ja']);
    expect(startLanguage('')).toBe('en');
    expect(say('identify.unnamed')).toBe('This screen');
  });

  it('is the one on the address, kept for the next start', () => {
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['en-US']);
    expect(startLanguage('?code=1&lang=es')).toBe('es');
    expect(startLanguage('')).toBe('es');
    expect(say('pairing.how')).toContain('Vincular una pantalla');
  });

  it('says on the idle screen since when the screen is offline, in its language', () => {
    startLanguage('?lang=de');
    const since = new Date(2026, 11, 7, 15, 4).getTime();
    const online = idleSlide(context(null));
    expect(online.el.querySelector('.idle-line')?.textContent).toBe(
      'Für diesen Bildschirm ist gerade nichts geplant',
    );
    expect(online.el.querySelector('.idle-offline')?.textContent).toBe('');
    const offline = idleSlide(context(since));
    expect(offline.el.querySelector('.idle-offline')?.textContent).toBe(
      'Offline seit 15:04: Dieser Bildschirm macht von selbst weiter, sobald das Netz zurück ist',
    );
    startLanguage('?lang=en');
    expect(idleSlide(context(since)).el.querySelector('.idle-offline')?.textContent).toMatch(
      /^Offline since 3:04\sPM:/,
    );
    online.dispose();
    offline.dispose();
  });
});
