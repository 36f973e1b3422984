import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { describe, expect, it } from 'vitest';
import { SignedOut } from '../src/auth/gates';
import { SignUp } from '../src/pages/SignUp';
import { renderSignIn, renderWithApp, serverAnswers, signedOut } from './render';

const session = {
  user: {
    id: 'u1',
    email: 'ada@example.com',
    firstName: 'Ada',
    lastName: 'L',
    role: 'admin',
    organizationId: 'o1',
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
};

describe('SignIn', () => {
  it('says what is missing before asking the server', async () => {
    const sent = serverAnswers({ 'GET /api/v1/auth/me': signedOut });
    renderSignIn();
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Enter your email address.')).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'Email' }).getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Enter your password.')).toBeTruthy();
    expect(sent.filter((s) => s.method === 'POST')).toHaveLength(0);
  });

  it('shows a refusal in words and signs in with the right password', async () => {
    const sent = serverAnswers({
      'GET /api/v1/auth/me': signedOut,
      'POST /api/v1/auth/login': (body) =>
        (body as { password: string }).password === 'right-password'
          ? { status: 200, body: session }
          : { status: 401, body: { error: { code: 'AUTH_001', message: 'invalid credentials' } } },
    });
    renderSignIn();
    await userEvent.type(screen.getByRole('textbox', { name: 'Email' }), 'ada@example.com');
    await userEvent.type(screen.getByLabelText('Password'), 'wrong');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'That email and password do not match an account.',
    );

    await userEvent.clear(screen.getByLabelText('Password'));
    await userEvent.type(screen.getByLabelText('Password'), 'right-password');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Signed in home')).toBeTruthy();
    expect(sent.at(-1)).toMatchObject({
      method: 'POST',
      path: '/api/v1/auth/login',
      body: { email: 'ada@example.com', password: 'right-password' },
    });
  });
});

describe('SignUp', () => {
  it('creates the account with the browser’s time zone for the organization’s days', async () => {
    const sent = serverAnswers({
      'GET /api/v1/auth/me': signedOut,
      'POST /api/v1/auth/register': { status: 201, body: session },
    });
    renderWithApp(
      <Routes>
        <Route
          path="/sign-up"
          element={
            <SignedOut>
              <SignUp />
            </SignedOut>
          }
        />
        <Route path="/" element={<p>Signed in home</p>} />
      </Routes>,
      { path: '/sign-up' },
    );
    await userEvent.type(screen.getByRole('textbox', { name: 'First name' }), 'Ada');
    await userEvent.type(screen.getByRole('textbox', { name: 'Last name' }), 'L');
    await userEvent.type(screen.getByRole('textbox', { name: 'Business name' }), 'Acme');
    await userEvent.type(screen.getByRole('textbox', { name: 'Email' }), 'ada@example.com');
    await userEvent.type(screen.getByLabelText('Password'), 'correct horse');
    await userEvent.click(screen.getByRole('button', { name: /Create/ }));
    expect(await screen.findByText('Signed in home')).toBeTruthy();
    expect(sent.at(-1)).toMatchObject({
      path: '/api/v1/auth/register',
      body: { organizationName: 'Acme', timezone: Intl.DateTimeFormat().resolvedOptions().timeZone },
    });
  });
});
