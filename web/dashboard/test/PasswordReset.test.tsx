import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { describe, expect, it } from 'vitest';
import { Page, SignedOut } from '../src/auth/gates';
import { ForgotPassword } from '../src/pages/ForgotPassword';
import { ResetPassword } from '../src/pages/ResetPassword';
import { renderWithApp, serverAnswers } from './render';

const signedOut = { status: 401, body: { error: { code: 'AUTH_002', message: 'not signed in' } } };

function renderAt(path: string) {
  return renderWithApp(
    <Routes>
      <Route
        path="/forgot-password"
        element={
          <SignedOut>
            <ForgotPassword />
          </SignedOut>
        }
      />
      <Route
        path="/reset-password"
        element={
          <Page>
            <ResetPassword />
          </Page>
        }
      />
      <Route path="/sign-in" element={<p>Sign-in page</p>} />
    </Routes>,
    { path },
  );
}

describe('ForgotPassword', () => {
  it('asks for a link and says the same whatever the address', async () => {
    const sent = serverAnswers({
      'GET /api/v1/auth/me': signedOut,
      'POST /api/v1/auth/password-reset': { status: 202, body: { status: 'accepted' } },
    });
    renderAt('/forgot-password');
    await userEvent.click(screen.getByRole('button', { name: 'Email me a link' }));
    expect(await screen.findByText('Enter your email address.')).toBeTruthy();
    await userEvent.type(screen.getByRole('textbox', { name: 'Email' }), 'ada@example.com');
    await userEvent.click(screen.getByRole('button', { name: 'Email me a link' }));
    expect((await screen.findByRole('status')).textContent).toContain('If an account uses ada@example.com');
    expect(sent.at(-1)).toMatchObject({
      method: 'POST',
      path: '/api/v1/auth/password-reset',
      body: { email: 'ada@example.com' },
    });
  });
});

describe('ResetPassword', () => {
  it('sets the new password with the token from the link', async () => {
    const sent = serverAnswers({
      'GET /api/v1/auth/me': signedOut,
      'POST /api/v1/auth/password-reset/confirm': { status: 204 },
    });
    renderAt('/reset-password?token=tok-123');
    await userEvent.type(screen.getByLabelText('New password'), 'a new password');
    await userEvent.type(screen.getByLabelText('New password again'), 'a new passw0rd');
    await userEvent.click(screen.getByRole('button', { name: 'Set the new password' }));
    expect(await screen.findByText('The two passwords differ.')).toBeTruthy();
    expect(sent.filter((s) => s.method === 'POST')).toHaveLength(0);

    await userEvent.clear(screen.getByLabelText('New password again'));
    await userEvent.type(screen.getByLabelText('New password again'), 'a new password');
    await userEvent.click(screen.getByRole('button', { name: 'Set the new password' }));
    expect((await screen.findByRole('status')).textContent).toContain('Your new password is set');
    expect(sent.at(-1)).toMatchObject({
      method: 'POST',
      path: '/api/v1/auth/password-reset/confirm',
      body: { token: 'tok-123', password: 'a new password' },
    });
  });

  it('offers a new link when this one is spent or expired', async () => {
    serverAnswers({
      'GET /api/v1/auth/me': signedOut,
      'POST /api/v1/auth/password-reset/confirm': {
        status: 401,
        body: { error: { code: 'AUTH_005', message: 'spent' } },
      },
    });
    renderAt('/reset-password?token=old');
    await userEvent.type(screen.getByLabelText('New password'), 'a new password');
    await userEvent.type(screen.getByLabelText('New password again'), 'a new password');
    await userEvent.click(screen.getByRole('button', { name: 'Set the new password' }));
    expect((await screen.findByRole('alert')).textContent).toContain('over an hour old');
    expect(screen.getByRole('link', { name: 'Ask for a new link' })).toBeTruthy();
  });

  it('without a token, says where the link is', async () => {
    serverAnswers({ 'GET /api/v1/auth/me': signedOut });
    renderAt('/reset-password');
    expect((await screen.findByRole('alert')).textContent).toContain('needs the link from the email');
    expect((screen.getByRole('button', { name: 'Set the new password' }) as HTMLButtonElement).disabled).toBe(
      true,
    );
  });
});
