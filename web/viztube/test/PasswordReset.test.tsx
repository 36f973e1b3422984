import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { describe, expect, it } from 'vitest';
import { ForgotPassword } from '../src/pages/ForgotPassword';
import { ResetPassword } from '../src/pages/ResetPassword';
import { ok, renderWithApp, serverAnswers } from './render';

const spent = {
  status: 401,
  body: {
    statusCode: 401,
    data: null,
    success: false,
    code: 'UNAUTHENTICATED',
    message: 'spent',
    errors: [],
  },
};

function renderAt(path: string) {
  return renderWithApp(
    <Routes>
      <Route path="/forgot-password" element={<ForgotPassword />} />
      <Route path="/reset-password" element={<ResetPassword />} />
    </Routes>,
    { path },
  );
}

describe('forgotten passwords', () => {
  it('asks for a link by email', async () => {
    const sent = serverAnswers({ 'POST /api/v2/user/forgot-password': ok({}, 202) });
    renderAt('/forgot-password');
    await userEvent.type(screen.getByLabelText('Email'), 'ada@example.com');
    await userEvent.click(screen.getByRole('button', { name: 'Email me a link' }));
    expect((await screen.findByRole('status')).textContent).toContain('If an account uses ada@example.com');
    expect(sent.at(-1)).toMatchObject({
      path: '/api/v2/user/forgot-password',
      body: { email: 'ada@example.com' },
    });
  });

  it('sets the new password with the token, once both fields agree', async () => {
    const sent = serverAnswers({ 'POST /api/v2/user/reset-password': ok({}) });
    renderAt('/reset-password?token=tok-9');
    await userEvent.type(screen.getByLabelText('New password'), 'brand new secret');
    await userEvent.type(screen.getByLabelText('New password again'), 'brand new secreT');
    await userEvent.click(screen.getByRole('button', { name: 'Set the new password' }));
    expect(await screen.findByText('The two passwords differ.')).toBeTruthy();
    expect(sent.filter((s) => s.method === 'POST')).toHaveLength(0);
    await userEvent.clear(screen.getByLabelText('New password again'));
    await userEvent.type(screen.getByLabelText('New password again'), 'brand new secret');
    await userEvent.click(screen.getByRole('button', { name: 'Set the new password' }));
    expect((await screen.findByRole('status')).textContent).toContain('Your new password is set');
    expect(sent.at(-1)).toMatchObject({
      path: '/api/v2/user/reset-password',
      body: { token: 'tok-9', newPassword: 'brand new secret' },
    });
  });

  it('offers a new link when this one is spent', async () => {
    serverAnswers({ 'POST /api/v2/user/reset-password': spent });
    renderAt('/reset-password?token=old');
    await userEvent.type(screen.getByLabelText('New password'), 'brand new secret');
    await userEvent.type(screen.getByLabelText('New password again'), 'brand new secret');
    await userEvent.click(screen.getByRole('button', { name: 'Set the new password' }));
    expect((await screen.findByRole('alert')).textContent).toContain('over an hour old');
    expect(screen.getByRole('link', { name: 'Ask for a new link' })).toBeTruthy();
  });
});
