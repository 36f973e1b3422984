// The organization's plan and what it pays (GET /api/v1/billing), and the two ways to change
// it: Stripe Checkout for a first subscription, Stripe's Customer Portal after that. Both
// answer a URL the browser is sent to; Stripe sends it back to /billing.

import { useMutation, useQuery } from '@tanstack/react-query';
import { api } from '../api/http';
import { intl } from '@shared/i18n/intl';

export interface Plan {
  id: 'free' | 'basic' | 'pro' | 'enterprise';
  name: string;
  screens: number;
  storageBytes: number;
  users: number;
  analyticsRetentionDays: number;
  centsPerScreenMonth: number;
}

export interface Invoice {
  id: string;
  number: string | null;
  status: string;
  amountDue: number;
  amountPaid: number;
  currency: string;
  hostedInvoiceUrl: string | null;
  invoicePdf: string | null;
  createdAt: string;
}

export interface Billing {
  plan: Plan;
  status: 'trial' | 'active' | 'past_due' | 'canceled';
  trialEndsAt: string | null;
  pastDueSince: string | null;
  graceEndsAt: string | null;
  billingEnabled: boolean;
  subscribed: boolean;
  limits: { screens: number; storageBytes: number; users: number; analyticsRetentionDays: number };
  limitedBecause: 'trial_ended' | 'past_due' | 'canceled' | null;
  usage: { screens: number; storageBytes: number; users: number };
  // Screens beyond limits.screens: they play what they have and are sent nothing new.
  heldScreens: number;
  invoices: Invoice[];
  plans: Plan[];
}

export const billingKey = ['billing'] as const;

export function useBilling() {
  return useQuery({
    queryKey: billingKey,
    queryFn: ({ signal }) => api<Billing>('/api/v1/billing', { signal }),
  });
}

// Leaves the dashboard for Stripe's page (or the stand-in's, in tests).
function go(url: string) {
  window.location.assign(url);
}

export function useCheckout() {
  return useMutation({
    mutationFn: (input: { plan: Plan['id']; screens: number }) =>
      api<{ url: string }>('/api/v1/billing/checkout', { method: 'POST', body: input }),
    onSuccess: ({ url }) => go(url),
  });
}

export function usePortal() {
  return useMutation({
    mutationFn: () => api<{ url: string }>('/api/v1/billing/portal', { method: 'POST', body: {} }),
    onSuccess: ({ url }) => go(url),
  });
}

export function formatBytes(bytes: number): string {
  const { formatNumber } = intl();
  const gib = bytes / 2 ** 30;
  if (gib >= 1) return formatNumber(gib, { style: 'unit', unit: 'gigabyte', maximumFractionDigits: 1 });
  const mib = bytes / 2 ** 20;
  return formatNumber(mib, { style: 'unit', unit: 'megabyte', maximumFractionDigits: mib >= 10 ? 0 : 1 });
}

export function formatMoney(cents: number, currency = 'usd'): string {
  return intl().formatNumber(cents / 100, { style: 'currency', currency: currency.toUpperCase() });
}
