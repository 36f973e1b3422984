// The dashboard speaks the browser's language, or the one chosen (kept for the next visit):
// its words, plurals, numbers and dates, its form rules and the server's refusals.
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { intl } from '@shared/i18n/intl';
import { describeError, ApiError } from '../src/api/http';
import { renderSignIn as renderSignInPage, serverAnswers, signedOut } from './render';

function renderSignIn() {
  serverAnswers({ 'GET /api/v1/auth/me': signedOut });
  return renderSignInPage();
}

const browserSpeaks = (...languages: string[]) =>
  vi.spyOn(navigator, 'languages', 'get').mockReturnValue(languages);

afterEach(() => localStorage.clear());

describe('the language', () => {
  it('is the browser’s when the dashboard has it', async () => {
    browserSpeaks('de-AT', 'en');
    renderSignIn();
    expect(await screen.findByRole('heading', { name: 'Bei Vizora anmelden' })).toBeTruthy();
    expect(document.documentElement.lang).toBe('de');
    expect((screen.getByRole('combobox', { name: 'Sprache' }) as HTMLSelectElement).value).toBe('de');
    await userEvent.click(screen.getByRole('button', { name: 'Anmelden' }));
    expect(await screen.findByText('Gib deine E-Mail-Adresse ein.')).toBeTruthy();
  });

  it('is English when the browser reads none the dashboard has', async () => {
    browserSpeaks('ja-JP', 'pt');
    renderSignIn();
    expect(await screen.findByRole('heading', { name: 'Sign in to Vizora' })).toBeTruthy();
    expect(document.documentElement.lang).toBe('en');
  });

  it('switches at once, names each language in itself and is kept', async () => {
    browserSpeaks('en-US');
    renderSignIn();
    const picker = (await screen.findByRole('combobox', { name: 'Language' })) as HTMLSelectElement;
    expect([...picker.options].map((o) => o.textContent)).toEqual([
      'English',
      'Deutsch',
      'Español',
      'Français',
    ]);
    await userEvent.selectOptions(picker, 'fr');
    expect(await screen.findByRole('heading', { name: 'Se connecter à Vizora' })).toBeTruthy();
    expect(document.documentElement.lang).toBe('fr');
    expect(localStorage.getItem('vizora.language')).toBe('fr');

    // Words outside components follow: the server's refusals, plurals, dates and numbers.
    expect(describeError(new ApiError(401, 'AUTH_001', 'invalid credentials'))).toBe(
      'Cet e-mail et ce mot de passe ne correspondent à aucun compte.',
    );
    const { formatMessage, formatDate, formatNumber } = intl();
    expect(formatMessage({ id: 'bulk.chosenCount' }, { count: 1 })).toBe('1 écran choisi');
    expect(formatMessage({ id: 'bulk.chosenCount' }, { count: 2 })).toBe('2 écrans choisis');
    expect(formatDate(Date.UTC(2026, 11, 7), { dateStyle: 'long', timeZone: 'UTC' })).toBe('7 décembre 2026');
    expect(formatNumber(1234.5)).toBe('1\u202f234,5');
  });

  it('words refusals by their code, and shows the server’s message for codes it has no words for', async () => {
    browserSpeaks('de-DE');
    renderSignIn();
    await screen.findByRole('heading', { name: 'Bei Vizora anmelden' });
    expect(describeError(new ApiError(0, 'UPLOAD_INTERRUPTED', 'The upload was interrupted.'))).toBe(
      'Das Hochladen wurde unterbrochen. Prüfe deine Verbindung.',
    );
    expect(describeError(new ApiError(422, 'VALIDATION_001', 'name must be at most 100 characters'))).toBe(
      'name must be at most 100 characters',
    );
    expect(describeError(new Error('boom'))).toBe('Etwas ist schiefgegangen. Bitte versuche es noch einmal.');
  });

  it('a choice made earlier wins over the browser', async () => {
    browserSpeaks('de-DE');
    localStorage.setItem('vizora.language', 'es');
    renderSignIn();
    expect(await screen.findByRole('heading', { name: 'Inicia sesión en Vizora' })).toBeTruthy();
    const { formatMessage } = intl();
    expect(formatMessage({ id: 'notify.after' }, { minutes: 60 })).toBe('después de una hora');
    expect(formatMessage({ id: 'overview.trialLeft' }, { days: 1 })).toBe('Queda 1 día de prueba');
  });
});
