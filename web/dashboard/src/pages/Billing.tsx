import { CreditCard } from 'lucide-react';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { describeError } from '../api/http';
import { useCurrentSession } from '../auth/session';
import {
  formatBytes,
  formatMoney,
  useBilling,
  useCheckout,
  usePortal,
  type Billing as BillingState,
  type Plan,
} from '../billing/billing';
import { Alert } from '@shared/ui/Alert';
import { Button } from '@shared/ui/Button';
import { Loading } from '@shared/ui/Loading';
import { Modal } from '@shared/ui/Modal';
import { TextField } from '@shared/ui/TextField';

const day = (iso: string) => new Date(iso).toLocaleDateString('en-US', { dateStyle: 'medium' });

const statusWords: Record<BillingState['status'], string> = {
  trial: 'Trial',
  active: 'Active',
  past_due: 'Payment due',
  canceled: 'Canceled',
};

// Screens beyond the limit, when there are any: what happens to them and where they are marked.
function HeldScreens({ billing }: { billing: BillingState }) {
  if (billing.heldScreens <= 0) return null;
  const n = billing.heldScreens;
  return (
    <>
      {' '}
      {n === 1 ? 'One screen' : `${n} screens`} beyond {billing.limits.screens} keep playing what{' '}
      {n === 1 ? 'it has' : 'they have'} but get nothing new (marked "Held" on the{' '}
      <Link to="/screens" className="underline">
        Screens
      </Link>{' '}
      page).
    </>
  );
}

// Why the limits are the free plan's: the dashboard says it where people look.
function Standing({ billing }: { billing: BillingState }) {
  if (billing.limitedBecause === 'trial_ended') {
    return (
      <Alert>
        The trial has ended, so the free plan's limits apply. Choose a plan below to lift them.
        <HeldScreens billing={billing} />
      </Alert>
    );
  }
  if (billing.limitedBecause === 'past_due') {
    return (
      <Alert>
        The last payment did not go through and the grace period is over, so the free plan's limits apply
        until it is paid. Update the card in billing.
        <HeldScreens billing={billing} />
      </Alert>
    );
  }
  if (billing.limitedBecause === 'canceled') {
    return (
      <Alert>
        The subscription was canceled, so the free plan's limits apply. Choose a plan below to lift them.
        <HeldScreens billing={billing} />
      </Alert>
    );
  }
  if (billing.heldScreens > 0) {
    return (
      <Alert>
        The organization has more screens than it may have now.
        <HeldScreens billing={billing} />
      </Alert>
    );
  }
  if (billing.status === 'past_due' && billing.graceEndsAt) {
    return (
      <Alert>
        The last payment did not go through. Update the card by {day(billing.graceEndsAt)} to keep the{' '}
        {billing.plan.name} plan's limits.
      </Alert>
    );
  }
  if (billing.status === 'trial' && billing.trialEndsAt) {
    return (
      <Alert tone="info">
        Trial until {day(billing.trialEndsAt)}: {billing.plan.name} plan, with more storage and people for
        now.
      </Alert>
    );
  }
  return null;
}

function Meter({ label, used, limit, shown }: { label: string; used: number; limit: number; shown: string }) {
  const percent = Math.min(100, (used / Math.max(1, limit)) * 100);
  return (
    <div className="flex flex-col gap-1 text-sm">
      <div className="flex justify-between">
        <span>{label}</span>
        <span>{shown}</span>
      </div>
      <div
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={limit}
        aria-valuenow={used}
        className="h-2 overflow-hidden rounded bg-slate-200 dark:bg-slate-700"
      >
        <div
          className={`h-full ${percent >= 100 ? 'bg-amber-500' : 'bg-indigo-600 dark:bg-indigo-400'}`}
          style={{ width: `${percent}%` }}
        />
      </div>
    </div>
  );
}

function ChoosePlan({ plan, least, onClose }: { plan: Plan; least: number; onClose: () => void }) {
  const checkout = useCheckout();
  const [screens, setScreens] = useState(String(Math.min(plan.screens, Math.max(1, least))));
  const count = Number(screens);
  const valid = Number.isInteger(count) && count >= 1 && count <= plan.screens;
  return (
    <form
      className="flex flex-col gap-4"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) checkout.mutate({ plan: plan.id, screens: count });
      }}
    >
      {checkout.error && <Alert>{describeError(checkout.error)}</Alert>}
      <TextField
        label="Screens"
        type="number"
        min={1}
        max={plan.screens}
        hint={`Up to ${plan.screens} on ${plan.name}; ${formatMoney(plan.centsPerScreenMonth)} per screen a month.`}
        value={screens}
        onChange={(e) => setScreens(e.target.value)}
        required
      />
      <p className="text-sm">
        Total: <strong>{valid ? formatMoney(plan.centsPerScreenMonth * count) : '—'}</strong> a month
      </p>
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onClose}>
          Not now
        </Button>
        <Button type="submit" busy={checkout.isPending} disabled={!valid}>
          Continue to payment
        </Button>
      </div>
    </form>
  );
}

export function Billing() {
  const session = useCurrentSession();
  const isAdmin = session.user.role === 'admin';
  const billing = useBilling();
  const portal = usePortal();
  const [params] = useSearchParams();
  const [choosing, setChoosing] = useState<Plan | null>(null);
  if (billing.isPending) return <Loading label="Loading the plan" rows={3} />;
  if (billing.error) return <Alert>{describeError(billing.error)}</Alert>;
  const b = billing.data;
  const returned = params.get('checkout');
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">Plan and billing</h1>
      {returned === 'done' && b.status !== 'active' && (
        <Alert tone="info">Payment received. The new plan shows here as soon as Stripe confirms it.</Alert>
      )}
      {returned === 'canceled' && <Alert tone="info">Checkout was canceled; nothing changed.</Alert>}
      <Standing billing={b} />
      <section
        aria-labelledby="current-plan"
        className="flex flex-col gap-4 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-700 dark:bg-slate-900"
      >
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id="current-plan" className="font-semibold">
            {b.plan.name} plan{' '}
            <span className="font-normal text-slate-600 dark:text-slate-400">({statusWords[b.status]})</span>
          </h2>
          {isAdmin && b.billingEnabled && b.subscribed && (
            <Button variant="secondary" busy={portal.isPending} onClick={() => portal.mutate()}>
              <CreditCard aria-hidden="true" size={16} /> Manage billing
            </Button>
          )}
        </div>
        {portal.error && <Alert>{describeError(portal.error)}</Alert>}
        <div className="grid gap-4 sm:grid-cols-3">
          <Meter
            label="Screens"
            used={b.usage.screens}
            limit={b.limits.screens}
            shown={`${b.usage.screens} of ${b.limits.screens} screens`}
          />
          <Meter
            label="Storage"
            used={b.usage.storageBytes}
            limit={b.limits.storageBytes}
            shown={`${formatBytes(b.usage.storageBytes)} of ${formatBytes(b.limits.storageBytes)}`}
          />
          <Meter
            label="People"
            used={b.usage.users}
            limit={b.limits.users}
            shown={`${b.usage.users} of ${b.limits.users} people`}
          />
        </div>
      </section>
      <section aria-labelledby="plans" className="flex flex-col gap-3">
        <h2 id="plans" className="font-semibold">
          Plans
        </h2>
        {!b.billingEnabled && (
          <p className="text-sm text-slate-600 dark:text-slate-400">
            Billing is not enabled on this server: your operator sets the plan.
          </p>
        )}
        <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          {b.plans.map((plan) => {
            const current = plan.id === b.plan.id && b.status !== 'trial';
            return (
              <li
                key={plan.id}
                aria-label={`${plan.name} plan`}
                className={`flex flex-col gap-2 rounded-lg border bg-white p-4 text-sm dark:bg-slate-900 ${
                  current ? 'border-indigo-500' : 'border-slate-200 dark:border-slate-700'
                }`}
              >
                <h3 className="text-base font-semibold">{plan.name}</h3>
                <p>
                  {plan.centsPerScreenMonth === 0
                    ? 'Free'
                    : `${formatMoney(plan.centsPerScreenMonth)} per screen a month`}
                </p>
                <ul className="text-slate-700 dark:text-slate-300">
                  <li>Up to {plan.screens} screens</li>
                  <li>{formatBytes(plan.storageBytes)} of content</li>
                  <li>{plan.users} people</li>
                  <li>{plan.analyticsRetentionDays} days of analytics</li>
                </ul>
                {current && <p className="font-medium text-indigo-700 dark:text-indigo-300">Your plan</p>}
                {isAdmin && b.billingEnabled && !b.subscribed && plan.centsPerScreenMonth > 0 && (
                  <Button className="mt-auto" onClick={() => setChoosing(plan)}>
                    Choose {plan.name}
                  </Button>
                )}
              </li>
            );
          })}
        </ul>
      </section>
      {b.invoices.length > 0 && (
        <section
          aria-labelledby="invoices"
          className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-700 dark:bg-slate-900"
        >
          <h2 id="invoices" className="font-semibold">
            Invoices
          </h2>
          <table className="text-left text-sm">
            <thead>
              <tr className="text-slate-600 dark:text-slate-400">
                <th className="py-1 font-medium">Date</th>
                <th className="py-1 font-medium">Number</th>
                <th className="py-1 font-medium">Amount</th>
                <th className="py-1 font-medium">Status</th>
              </tr>
            </thead>
            <tbody>
              {b.invoices.map((invoice) => (
                <tr key={invoice.id} className="border-t border-slate-100 dark:border-slate-800">
                  <td className="py-1">{day(invoice.createdAt)}</td>
                  <td className="py-1">
                    {invoice.hostedInvoiceUrl ? (
                      <a
                        className="text-indigo-700 underline dark:text-indigo-300"
                        href={invoice.hostedInvoiceUrl}
                      >
                        {invoice.number ?? invoice.id}
                      </a>
                    ) : (
                      (invoice.number ?? invoice.id)
                    )}
                  </td>
                  <td className="py-1">{formatMoney(invoice.amountDue, invoice.currency)}</td>
                  <td className="py-1">{invoice.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <Modal
        open={choosing !== null}
        onOpenChange={(open) => !open && setChoosing(null)}
        title={choosing ? `${choosing.name} plan` : ''}
      >
        {choosing && <ChoosePlan plan={choosing} least={b.usage.screens} onClose={() => setChoosing(null)} />}
      </Modal>
    </div>
  );
}
