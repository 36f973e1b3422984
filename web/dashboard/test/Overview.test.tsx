import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useSession } from '../src/auth/session';
import { Overview } from '../src/pages/Overview';
import { renderWithApp, serverAnswers } from './render';

function SignedInOverview() {
  return useSession().data ? <Overview /> : null;
}

describe('Overview', () => {
  it('counts the screens in use from the plan, not from the first page of the list', async () => {
    serverAnswers({
      'GET /api/v1/auth/me': {
        status: 200,
        body: {
          user: { id: 'u1', email: 'ada@example.com', firstName: 'Ada', lastName: 'L', role: 'viewer' },
          organization: { id: 'o1', name: 'Acme', subscriptionTier: 'enterprise', screenQuota: 2500 },
        },
      },
      // The list's first page holds one screen; the fleet has 2,000.
      'GET /api/v1/devices': {
        status: 200,
        body: {
          items: [{ id: 'd1', nickname: 'Lobby', status: 'online', groupIds: [], currentContent: null }],
          nextCursor: 'more',
        },
      },
      'GET /api/v1/billing': { status: 200, body: { usage: { screens: 2000, storageBytes: 0, users: 1 } } },
    });
    renderWithApp(<SignedInOverview />);
    const inUse = (await screen.findByText('Screens in use')).nextElementSibling!;
    await screen.findByText('2,000 of 2,500');
    expect(inUse.textContent).toBe('2,000 of 2,500');
  });
});
