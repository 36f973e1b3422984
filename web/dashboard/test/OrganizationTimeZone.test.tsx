import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { useSession } from '../src/auth/session';
import { OrganizationTimeZone } from '../src/team/OrganizationTimeZone';
import { renderWithApp, serverAnswers } from './render';

function session(role: 'admin' | 'viewer', timezone = 'UTC') {
  return {
    user: { id: 'u1', email: 'ada@example.com', firstName: 'Ada', lastName: 'L', role, organizationId: 'o1' },
    organization: {
      id: 'o1',
      name: 'Acme',
      slug: 'acme',
      subscriptionTier: 'free',
      subscriptionStatus: 'trial',
      screenQuota: 5,
      trialEndsAt: null,
      timezone,
    },
  };
}

function Setting() {
  const current = useSession().data;
  return current ? (
    <OrganizationTimeZone organization={current.organization} isAdmin={current.user.role === 'admin'} />
  ) : null;
}

describe('OrganizationTimeZone', () => {
  it('lets an admin choose the zone days are counted in, and keeps the session in step', async () => {
    const sent = serverAnswers({
      'GET /api/v1/auth/me': { status: 200, body: session('admin') },
      'PATCH /api/v1/organization': (body) => ({
        status: 200,
        body: { organization: session('admin', (body as { timezone: string }).timezone).organization },
      }),
    });
    renderWithApp(<Setting />);
    const select = (await screen.findByLabelText('Days and weeks are counted in')) as HTMLSelectElement;
    expect(select.value).toBe('UTC');
    await userEvent.selectOptions(select, 'Europe/Berlin');
    await waitFor(() => expect(select.value).toBe('Europe/Berlin'));
    expect(sent.at(-1)).toMatchObject({
      method: 'PATCH',
      path: '/api/v1/organization',
      body: { timezone: 'Europe/Berlin' },
    });
    expect(screen.getByRole('option', { name: 'America/New York' })).toBeTruthy();
  });

  it('shows others the zone without letting them change it', async () => {
    serverAnswers({ 'GET /api/v1/auth/me': { status: 200, body: session('viewer', 'Asia/Kolkata') } });
    renderWithApp(<Setting />);
    const select = (await screen.findByLabelText('Days and weeks are counted in')) as HTMLSelectElement;
    expect(select.value).toBe('Asia/Kolkata');
    expect(select.disabled).toBe(true);
  });
});
