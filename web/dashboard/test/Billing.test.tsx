import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { useSession } from '../src/auth/session';
import type { Billing as BillingState, Plan } from '../src/billing/billing';
import { Billing } from '../src/pages/Billing';
import { renderWithApp, serverAnswers } from './render';

const GiB = 2 ** 30;
const plans: Plan[] = [
  {
    id: 'free',
    name: 'Free',
    screens: 5,
    storageBytes: GiB,
    users: 3,
    analyticsRetentionDays: 7,
    centsPerScreenMonth: 0,
  },
  {
    id: 'basic',
    name: 'Basic',
    screens: 25,
    storageBytes: 25 * GiB,
    users: 10,
    analyticsRetentionDays: 30,
    centsPerScreenMonth: 800,
  },
  {
    id: 'pro',
    name: 'Pro',
    screens: 100,
    storageBytes: 100 * GiB,
    users: 50,
    analyticsRetentionDays: 90,
    centsPerScreenMonth: 1200,
  },
];

function billing(overrides: Partial<BillingState> = {}): BillingState {
  return {
    plan: plans[0]!,
    status: 'trial',
    trialEndsAt: '2026-12-14T10:00:00.000Z',
    pastDueSince: null,
    graceEndsAt: null,
    billingEnabled: true,
    subscribed: false,
    limits: { screens: 5, storageBytes: 25 * GiB, users: 10, analyticsRetentionDays: 30 },
    limitedBecause: null,
    usage: { screens: 2, storageBytes: 512 * 2 ** 20, users: 1 },
    heldScreens: 0,
    invoices: [],
    plans,
    ...overrides,
  };
}

function session(role: 'admin' | 'viewer') {
  return {
    user: { id: 'u1', email: 'ada@example.com', firstName: 'Ada', lastName: 'L', role, organizationId: 'o1' },
    organization: { id: 'o1', name: 'Acme', slug: 'acme', subscriptionTier: 'free', screenQuota: 5 },
  };
}

function SignedInBilling() {
  return useSession().data ? <Billing /> : null;
}

function renderBilling(state: BillingState, role: 'admin' | 'viewer' = 'admin') {
  const sent = serverAnswers({
    'GET /api/v1/auth/me': { status: 200, body: session(role) },
    'GET /api/v1/billing': { status: 200, body: state },
    'POST /api/v1/billing/checkout': {
      status: 502,
      body: { error: { code: 'BILLING_003', message: 'down', details: { providerStatus: 0 } } },
    },
  });
  renderWithApp(<SignedInBilling />, { path: '/billing' });
  return sent;
}

describe('Billing', () => {
  it('shows the trial, what is used of each limit, and the plans with their prices', async () => {
    renderBilling(billing());
    expect(await screen.findByText(/Trial until Dec 14, 2026/)).toBeTruthy();
    expect(screen.getByText('2 of 5 screens')).toBeTruthy();
    expect(screen.getByText('512 MB of 25 GB')).toBeTruthy();
    expect(screen.getByRole('meter', { name: 'People' }).getAttribute('aria-valuemax')).toBe('10');
    const basic = screen.getByRole('listitem', { name: 'Basic plan' });
    expect(within(basic).getByText('$8.00 per screen a month')).toBeTruthy();
  });

  it('takes the admin to checkout for the screens they choose, and says when it fails', async () => {
    const sent = renderBilling(billing());
    await userEvent.click(await screen.findByRole('button', { name: 'Choose Pro' }));
    const dialog = screen.getByRole('dialog', { name: 'Pro plan' });
    const screens = within(dialog).getByRole('spinbutton', { name: 'Screens' });
    expect((screens as HTMLInputElement).value).toBe('2');
    await userEvent.clear(screens);
    await userEvent.type(screens, '12');
    expect(within(dialog).getByText('$144.00')).toBeTruthy();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Continue to payment' }));
    expect((await within(dialog).findByRole('alert')).textContent).toContain('could not be reached');
    expect(sent.at(-1)).toMatchObject({
      method: 'POST',
      path: '/api/v1/billing/checkout',
      body: { plan: 'pro', screens: 12 },
    });
  });

  it('says why the limits dropped, and offers no purchase to a viewer', async () => {
    renderBilling(
      billing({ status: 'past_due', limitedBecause: 'past_due', pastDueSince: '2026-12-01T00:00:00.000Z' }),
      'viewer',
    );
    expect((await screen.findByRole('alert')).textContent).toContain('grace period is over');
    expect(screen.queryByRole('button', { name: /Choose/ })).toBeNull();
  });

  it('says how many screens are held beyond the plan after a cancellation', async () => {
    renderBilling(
      billing({
        status: 'canceled',
        limitedBecause: 'canceled',
        usage: { screens: 7, storageBytes: 0, users: 1 },
        heldScreens: 2,
      }),
    );
    const notice = (await screen.findByRole('alert')).textContent ?? '';
    expect(notice).toContain('subscription was canceled');
    expect(notice).toContain('2 screens beyond 5 keep playing what they have but get nothing new');
  });

  it('lists invoices and lets a subscriber manage billing', async () => {
    renderBilling(
      billing({
        plan: plans[1]!,
        status: 'active',
        subscribed: true,
        trialEndsAt: null,
        invoices: [
          {
            id: 'in_1',
            number: 'INV-0001',
            status: 'paid',
            amountDue: 6400,
            amountPaid: 6400,
            currency: 'usd',
            hostedInvoiceUrl: 'https://invoice.example/in_1',
            invoicePdf: null,
            createdAt: '2026-12-04T09:00:00.000Z',
          },
        ],
      }),
    );
    const invoices = await screen.findByRole('region', { name: 'Invoices' });
    expect(within(invoices).getByRole('link', { name: 'INV-0001' }).getAttribute('href')).toBe(
      'https://invoice.example/in_1',
    );
    expect(within(invoices).getByText('$64.00')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Manage billing' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Choose/ })).toBeNull();
  });

  it('without billing on the server, says the operator sets the plan', async () => {
    renderBilling(billing({ billingEnabled: false }));
    expect(await screen.findByText(/your operator sets the plan/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Choose/ })).toBeNull();
  });
});
