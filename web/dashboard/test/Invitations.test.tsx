import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { describe, expect, it } from 'vitest';
import { Page } from '../src/auth/gates';
import { useSession } from '../src/auth/session';
import { AcceptInvitation } from '../src/pages/AcceptInvitation';
import { Team } from '../src/pages/Team';
import type { Invitation } from '../src/team/team';
import { renderWithApp, serverAnswers } from './render';

const admin = {
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
    subscriptionStatus: 'trial',
    screenQuota: 5,
  },
};
const signedOut = { status: 401, body: { error: { code: 'AUTH_002', message: 'not signed in' } } };

const pending: Invitation = {
  id: 'i1',
  email: 'grace@example.com',
  firstName: '',
  lastName: '',
  role: 'viewer',
  expiresAt: '2026-12-14T10:00:00.000Z',
  expired: false,
  createdAt: '2026-12-07T10:00:00.000Z',
};

function SignedInTeam() {
  return useSession().data ? <Team /> : null;
}

function renderTeam(answers: Parameters<typeof serverAnswers>[0]) {
  const sent = serverAnswers({
    'GET /api/v1/auth/me': { status: 200, body: admin },
    'GET /api/v1/users': {
      status: 200,
      body: { items: [{ ...admin.user, isActive: true, lastLoginAt: null }] },
    },
    'GET /api/v1/devices': { status: 200, body: { items: [] } },
    'GET /api/v1/audit-logs': { status: 200, body: { items: [] } },
    'GET /api/v1/notifications': {
      status: 200,
      body: { offlineAlertMinutes: 15, preferences: { offlineAlerts: true, weeklySummary: false } },
    },
    ...answers,
  });
  renderWithApp(<SignedInTeam />, { path: '/team' });
  return sent;
}

describe('Team invitations', () => {
  it('invites an address with a role and lists it with resend and withdraw', async () => {
    const sent = renderTeam({
      'GET /api/v1/invitations': { status: 200, body: { items: [pending] } },
      'POST /api/v1/invitations': { status: 201, body: { invitation: pending, mailed: true } },
      'POST /api/v1/invitations/i1/resend': { status: 200, body: { invitation: pending, mailed: true } },
    });
    expect(await screen.findByText('grace@example.com')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Invite by email' }));
    const dialog = screen.getByRole('dialog', { name: 'Invite by email' });
    await userEvent.type(within(dialog).getByRole('textbox', { name: 'Email' }), 'grace@example.com');
    await userEvent.selectOptions(within(dialog).getByLabelText('Role'), 'viewer');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Send invitation' }));
    expect(sent.find((s) => s.method === 'POST')).toMatchObject({
      path: '/api/v1/invitations',
      body: { email: 'grace@example.com', role: 'viewer' },
    });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Send the invitation to grace@example.com again' }),
    );
    expect((await screen.findByRole('status')).textContent).toContain('the earlier link no longer works');
  });

  it('gives the admin the link to pass on when the server sends no mail', async () => {
    renderTeam({
      'GET /api/v1/invitations': { status: 200, body: { items: [] } },
      'POST /api/v1/invitations': {
        status: 201,
        body: { invitation: pending, mailed: false, acceptUrl: '/accept-invitation?token=tok-9' },
      },
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Invite by email' }));
    const dialog = screen.getByRole('dialog', { name: 'Invite by email' });
    await userEvent.type(within(dialog).getByRole('textbox', { name: 'Email' }), 'grace@example.com');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Send invitation' }));
    const link = (await within(dialog).findByRole('textbox', {
      name: 'Invitation link',
    })) as HTMLInputElement;
    expect(link.value).toBe(`${window.location.origin}/accept-invitation?token=tok-9`);
  });

  it('names the limit when the plan has no seat left', async () => {
    renderTeam({
      'GET /api/v1/invitations': { status: 200, body: { items: [] } },
      'POST /api/v1/invitations': {
        status: 403,
        body: { error: { code: 'BILLING_006', message: 'The free plan allows 3 people; Basic allows 10' } },
      },
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Invite by email' }));
    const dialog = screen.getByRole('dialog', { name: 'Invite by email' });
    await userEvent.type(within(dialog).getByRole('textbox', { name: 'Email' }), 'grace@example.com');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Send invitation' }));
    expect((await within(dialog).findByRole('alert')).textContent).toContain('Basic allows 10');
  });
});

function renderAccept(path: string, answers: Parameters<typeof serverAnswers>[0]) {
  const sent = serverAnswers({ 'GET /api/v1/auth/me': signedOut, ...answers });
  renderWithApp(
    <Routes>
      <Route
        path="/accept-invitation"
        element={
          <Page>
            <AcceptInvitation />
          </Page>
        }
      />
      <Route path="/" element={<p>Overview page</p>} />
    </Routes>,
    { path },
  );
  return sent;
}

describe('AcceptInvitation', () => {
  it('says who invited whom, then joins with a name and password and signs in', async () => {
    const sent = renderAccept('/accept-invitation?token=tok-1', {
      'GET /api/v1/auth/invitation': {
        status: 200,
        body: {
          invitation: { ...pending, firstName: 'Grace', organizationName: 'Acme', invitedByName: 'Ada L' },
        },
      },
      'POST /api/v1/auth/invitation/accept': { status: 201, body: admin },
    });
    expect(await screen.findByRole('heading', { name: 'Join Acme' })).toBeTruthy();
    expect(screen.getByText('Ada L invited grace@example.com as a viewer.')).toBeTruthy();
    expect((screen.getByRole('textbox', { name: 'First name' }) as HTMLInputElement).value).toBe('Grace');
    await userEvent.type(screen.getByRole('textbox', { name: 'Last name' }), 'Hopper');
    await userEvent.type(screen.getByLabelText('Password'), 'grace password');
    await userEvent.type(screen.getByLabelText('Password again'), 'grace passw0rd');
    await userEvent.click(screen.getByRole('button', { name: 'Join Acme' }));
    expect(await screen.findByText('The two passwords differ.')).toBeTruthy();
    await userEvent.clear(screen.getByLabelText('Password again'));
    await userEvent.type(screen.getByLabelText('Password again'), 'grace password');
    await userEvent.click(screen.getByRole('button', { name: 'Join Acme' }));
    expect(await screen.findByText('Overview page')).toBeTruthy();
    expect(sent.at(-1)).toMatchObject({
      method: 'POST',
      path: '/api/v1/auth/invitation/accept',
      body: { token: 'tok-1', firstName: 'Grace', lastName: 'Hopper', password: 'grace password' },
    });
  });

  it('says plainly when the link no longer works', async () => {
    renderAccept('/accept-invitation?token=spent', {
      'GET /api/v1/auth/invitation': {
        status: 401,
        body: { error: { code: 'AUTH_006', message: 'invalid invitation' } },
      },
    });
    expect((await screen.findByRole('alert')).textContent).toContain('already accepted');
  });
});

describe('Team activity', () => {
  it('reads the audit trail 50 entries at a time, newest first', async () => {
    const entry = (n: number) => ({
      id: `a${n}`,
      action: n % 2 ? 'device.updated' : 'playlist.created',
      createdAt: new Date(Date.UTC(2026, 11, 7, 10, 0, 0) - n * 60_000).toISOString(),
    });
    const sent = renderTeam({
      'GET /api/v1/invitations': { status: 200, body: { items: [] } },
      'GET /api/v1/audit-logs': (_, path) =>
        path.includes('cursor=50')
          ? { status: 200, body: { items: [entry(50)], nextCursor: null } }
          : {
              status: 200,
              body: { items: Array.from({ length: 50 }, (_, n) => entry(n)), nextCursor: '50' },
            },
    });
    const activity = await screen.findByRole('region', { name: 'Recent activity' });
    expect(await within(activity).findAllByRole('listitem')).toHaveLength(50);
    await userEvent.click(within(activity).getByRole('button', { name: 'Show more' }));
    expect(await within(activity).findAllByRole('listitem')).toHaveLength(51);
    expect(within(activity).queryByRole('button', { name: 'Show more' })).toBeNull();
    expect(sent.filter((s) => s.path.startsWith('/api/v1/audit-logs')).map((s) => s.path)).toEqual([
      '/api/v1/audit-logs?limit=50',
      '/api/v1/audit-logs?limit=50&cursor=50',
    ]);
  });
});
