import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { describe, expect, it } from 'vitest';
import { VerifyEmail } from '../src/pages/VerifyEmail';
import { Settings } from '../src/studio/Settings';
import { ok, renderWithApp, serverAnswers } from './render';

const me = (emailVerified: boolean) => ({
  id: 'u1',
  username: 'ada',
  fullname: 'Ada L',
  avatar: '/api/v2/media/a.png',
  email: 'ada@example.com',
  coverImage: null,
  createdAt: '2026-12-01T00:00:00.000Z',
  emailVerified,
});

describe('email confirmation', () => {
  it('confirms the address with the token from the link, once', async () => {
    const sent = serverAnswers({
      'GET /api/v2/user/current-user-details': ok(me(false)),
      'POST /api/v2/user/verify-email': ok({ emailVerified: true }),
    });
    renderWithApp(
      <Routes>
        <Route path="/verify-email" element={<VerifyEmail />} />
      </Routes>,
      { path: '/verify-email?token=tok-1' },
    );
    expect((await screen.findByRole('status')).textContent).toContain('your address is confirmed');
    const posts = sent.filter((s) => s.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({ path: '/api/v2/user/verify-email', body: { token: 'tok-1' } });
  });

  it('offers another link in the settings while the address is not confirmed', async () => {
    const sent = serverAnswers({
      'GET /api/v2/user/current-user-details': ok(me(false)),
      'POST /api/v2/user/resend-verification': ok({}, 202),
    });
    renderWithApp(<Settings />);
    await userEvent.click(await screen.findByRole('button', { name: 'Send a confirmation link' }));
    expect((await screen.findByRole('status')).textContent).toContain('Check your inbox');
    expect(sent.at(-1)).toMatchObject({ method: 'POST', path: '/api/v2/user/resend-verification' });
  });

  it('says nothing once it is', async () => {
    serverAnswers({ 'GET /api/v2/user/current-user-details': ok(me(true)) });
    renderWithApp(<Settings />);
    await screen.findByRole('heading', { name: 'Settings' });
    expect(screen.queryByRole('button', { name: 'Send a confirmation link' })).toBeNull();
  });
});
