import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { describe, expect, it } from 'vitest';
import type { Session } from '../src/api/types';
import { Page } from '../src/auth/gates';
import { VerifyEmailBanner } from '../src/auth/VerifyEmailBanner';
import { VerifyEmail } from '../src/pages/VerifyEmail';
import { renderWithApp, serverAnswers } from './render';

const signedOut = { status: 401, body: { error: { code: 'AUTH_002', message: 'not signed in' } } };

function session(emailVerified: boolean, mailEnabled: boolean): Session {
  return {
    user: {
      id: 'u1',
      email: 'ada@example.com',
      firstName: 'Ada',
      lastName: 'L',
      role: 'admin',
      organizationId: 'o1',
      emailVerified,
    },
    organization: {
      id: 'o1',
      name: 'Acme',
      slug: 'acme',
      subscriptionTier: 'free',
      screenQuota: 5,
      subscriptionStatus: 'trial',
      trialEndsAt: null,
      timezone: 'UTC',
    },
    mailEnabled,
  };
}

describe('VerifyEmailBanner', () => {
  it('asks an unconfirmed address to be confirmed and sends another link', async () => {
    const sent = serverAnswers({
      'POST /api/v1/auth/verify-email/resend': { status: 202, body: { status: 'sent' } },
    });
    renderWithApp(<VerifyEmailBanner session={session(false, true)} />);
    expect(screen.getByText(/we sent a link to ada@example.com/)).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Send another link' }));
    expect((await screen.findByRole('status')).textContent).toContain('Check your inbox');
    expect(sent.at(-1)).toMatchObject({ method: 'POST', path: '/api/v1/auth/verify-email/resend' });
  });

  it('stays away once confirmed, and where the server sends no mail', () => {
    serverAnswers({});
    renderWithApp(
      <>
        <VerifyEmailBanner session={session(true, true)} />
        <VerifyEmailBanner session={session(false, false)} />
      </>,
    );
    expect(screen.queryByRole('region', { name: 'Confirm your email address' })).toBeNull();
  });
});

function renderAt(path: string, answers: Parameters<typeof serverAnswers>[0]) {
  const sent = serverAnswers({ 'GET /api/v1/auth/me': signedOut, ...answers });
  renderWithApp(
    <Routes>
      <Route
        path="/verify-email"
        element={
          <Page>
            <VerifyEmail />
          </Page>
        }
      />
    </Routes>,
    { path },
  );
  return sent;
}

describe('VerifyEmail', () => {
  it('confirms the address with the token from the link, once', async () => {
    const sent = renderAt('/verify-email?token=tok-1', {
      'POST /api/v1/auth/verify-email': { status: 200, body: { emailVerified: true } },
    });
    expect((await screen.findByRole('status')).textContent).toContain('your address is confirmed');
    const posts = sent.filter((s) => s.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({ path: '/api/v1/auth/verify-email', body: { token: 'tok-1' } });
  });

  it('says what to do when the link no longer works', async () => {
    renderAt('/verify-email?token=old', {
      'POST /api/v1/auth/verify-email': {
        status: 401,
        body: { error: { code: 'AUTH_007', message: 'invalid' } },
      },
    });
    expect((await screen.findByRole('alert')).textContent).toContain('ask for a new one');
  });
});
