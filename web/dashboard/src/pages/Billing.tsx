import { CreditCard } from 'lucide-react';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { FormattedMessage, useIntl } from 'react-intl';
import { describeError } from '../api/http';
import { useCurrentSession } from '../auth/session';
import { linkTo } from '../i18n/linkTo';
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
import { intl } from '@shared/i18n/intl';

const day = (iso: string) => intl().formatDate(iso, { dateStyle: 'medium' });

const statusWords = {
  trial: 'billing.trial',
  active: 'billing.active',
  past_due: 'billing.past_due',
  canceled: 'billing.canceled',
} as const satisfies Record<BillingState['status'], string>;

// Screens beyond the limit, when there are any: what happens to them and where they are marked.
function HeldScreens({ billing }: { billing: BillingState }) {
  if (billing.heldScreens <= 0) return null;
  const n = billing.heldScreens;
  return (
    <>
      {' '}
      <FormattedMessage
        id="billing.held"
        values={{
          count: n,
          limit: billing.limits.screens,
          link: linkTo('/screens', 'underline'),
        }}
      />
    </>
  );
}

// Why the limits are the free plan's: the dashboard says it where people look.
function Standing({ billing }: { billing: BillingState }) {
  if (billing.limitedBecause === 'trial_ended') {
    return (
      <Alert>
        <FormattedMessage id="billing.trialEnded" />
        <HeldScreens billing={billing} />
      </Alert>
    );
  }
  if (billing.limitedBecause === 'past_due') {
    return (
      <Alert>
        <FormattedMessage id="billing.pastDueOver" />
        <HeldScreens billing={billing} />
      </Alert>
    );
  }
  if (billing.limitedBecause === 'canceled') {
    return (
      <Alert>
        <FormattedMessage id="billing.canceledLimits" />
        <HeldScreens billing={billing} />
      </Alert>
    );
  }
  if (billing.heldScreens > 0) {
    return (
      <Alert>
        <FormattedMessage id="billing.tooMany" />
        <HeldScreens billing={billing} />
      </Alert>
    );
  }
  if (billing.status === 'past_due' && billing.graceEndsAt) {
    return (
      <Alert>
        <FormattedMessage
          id="billing.pastDue"
          values={{ date: day(billing.graceEndsAt), plan: billing.plan.name }}
        />
      </Alert>
    );
  }
  if (billing.status === 'trial' && billing.trialEndsAt) {
    return (
      <Alert tone="info">
        <FormattedMessage
          id="billing.trialUntil"
          values={{ date: day(billing.trialEndsAt), plan: billing.plan.name }}
        />
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
  const { formatMessage } = useIntl();
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
        label={formatMessage({ id: 'billing.screens' })}
        type="number"
        min={1}
        max={plan.screens}
        hint={formatMessage(
          { id: 'billing.upTo' },
          { count: plan.screens, plan: plan.name, price: formatMoney(plan.centsPerScreenMonth) },
        )}
        value={screens}
        onChange={(e) => setScreens(e.target.value)}
        required
      />
      <p className="text-sm">
        <FormattedMessage
          id="billing.total"
          values={{ total: valid ? formatMoney(plan.centsPerScreenMonth * count) : '—' }}
        />
      </p>
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onClose}>
          <FormattedMessage id="billing.notNow" />
        </Button>
        <Button type="submit" busy={checkout.isPending} disabled={!valid}>
          <FormattedMessage id="billing.continue" />
        </Button>
      </div>
    </form>
  );
}

export function Billing() {
  const session = useCurrentSession();
  const { formatMessage } = useIntl();
  const isAdmin = session.user.role === 'admin';
  const billing = useBilling();
  const portal = usePortal();
  const [params] = useSearchParams();
  const [choosing, setChoosing] = useState<Plan | null>(null);
  if (billing.isPending) return <Loading label={formatMessage({ id: 'billing.loading' })} rows={3} />;
  if (billing.error) return <Alert>{describeError(billing.error)}</Alert>;
  const b = billing.data;
  const returned = params.get('checkout');
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">
        <FormattedMessage id="billing.title" />
      </h1>
      {returned === 'done' && b.status !== 'active' && (
        <Alert tone="info">{formatMessage({ id: 'billing.paid' })}</Alert>
      )}
      {returned === 'canceled' && (
        <Alert tone="info">{formatMessage({ id: 'billing.checkoutCanceled' })}</Alert>
      )}
      <Standing billing={b} />
      <section
        aria-labelledby="current-plan"
        className="flex flex-col gap-4 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-700 dark:bg-slate-900"
      >
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id="current-plan" className="font-semibold">
            <FormattedMessage id="billing.planName" values={{ plan: b.plan.name }} />{' '}
            <span className="font-normal text-slate-600 dark:text-slate-400">
              ({formatMessage({ id: statusWords[b.status] })})
            </span>
          </h2>
          {isAdmin && b.billingEnabled && b.subscribed && (
            <Button variant="secondary" busy={portal.isPending} onClick={() => portal.mutate()}>
              <CreditCard aria-hidden="true" size={16} /> <FormattedMessage id="billing.manage" />
            </Button>
          )}
        </div>
        {portal.error && <Alert>{describeError(portal.error)}</Alert>}
        <div className="grid gap-4 sm:grid-cols-3">
          <Meter
            label={formatMessage({ id: 'billing.screens' })}
            used={b.usage.screens}
            limit={b.limits.screens}
            shown={formatMessage(
              { id: 'billing.screensOf' },
              { used: b.usage.screens, limit: b.limits.screens },
            )}
          />
          <Meter
            label={formatMessage({ id: 'billing.storage' })}
            used={b.usage.storageBytes}
            limit={b.limits.storageBytes}
            shown={formatMessage(
              { id: 'billing.storageOf' },
              { used: formatBytes(b.usage.storageBytes), limit: formatBytes(b.limits.storageBytes) },
            )}
          />
          <Meter
            label={formatMessage({ id: 'billing.people' })}
            used={b.usage.users}
            limit={b.limits.users}
            shown={formatMessage({ id: 'billing.peopleOf' }, { used: b.usage.users, limit: b.limits.users })}
          />
        </div>
      </section>
      <section aria-labelledby="plans" className="flex flex-col gap-3">
        <h2 id="plans" className="font-semibold">
          <FormattedMessage id="billing.plans" />
        </h2>
        {!b.billingEnabled && (
          <p className="text-sm text-slate-600 dark:text-slate-400">
            <FormattedMessage id="billing.disabled" />
          </p>
        )}
        <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          {b.plans.map((plan) => {
            const current = plan.id === b.plan.id && b.status !== 'trial';
            return (
              <li
                key={plan.id}
                aria-label={formatMessage({ id: 'billing.planName' }, { plan: plan.name })}
                className={`flex flex-col gap-2 rounded-lg border bg-white p-4 text-sm dark:bg-slate-900 ${
                  current ? 'border-indigo-500' : 'border-slate-200 dark:border-slate-700'
                }`}
              >
                <h3 className="text-base font-semibold">{plan.name}</h3>
                <p>
                  {plan.centsPerScreenMonth === 0
                    ? formatMessage({ id: 'billing.free' })
                    : formatMessage(
                        { id: 'billing.perScreen' },
                        { price: formatMoney(plan.centsPerScreenMonth) },
                      )}
                </p>
                <ul className="text-slate-700 dark:text-slate-300">
                  <li>{formatMessage({ id: 'billing.upToScreens' }, { count: plan.screens })}</li>
                  <li>
                    {formatMessage(
                      { id: 'billing.storageAmount' },
                      { amount: formatBytes(plan.storageBytes) },
                    )}
                  </li>
                  <li>{formatMessage({ id: 'billing.peopleCount' }, { count: plan.users })}</li>
                  <li>
                    {formatMessage({ id: 'billing.analyticsDays' }, { days: plan.analyticsRetentionDays })}
                  </li>
                </ul>
                {current && (
                  <p className="font-medium text-indigo-700 dark:text-indigo-300">
                    <FormattedMessage id="billing.yours" />
                  </p>
                )}
                {isAdmin && b.billingEnabled && !b.subscribed && plan.centsPerScreenMonth > 0 && (
                  <Button className="mt-auto" onClick={() => setChoosing(plan)}>
                    <FormattedMessage id="billing.choose" values={{ plan: plan.name }} />
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
            <FormattedMessage id="billing.invoices" />
          </h2>
          <table className="text-left text-sm">
            <thead>
              <tr className="text-slate-600 dark:text-slate-400">
                <th className="py-1 font-medium">{formatMessage({ id: 'billing.date' })}</th>
                <th className="py-1 font-medium">{formatMessage({ id: 'billing.number' })}</th>
                <th className="py-1 font-medium">{formatMessage({ id: 'billing.amount' })}</th>
                <th className="py-1 font-medium">{formatMessage({ id: 'billing.status' })}</th>
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
        title={choosing ? formatMessage({ id: 'billing.planName' }, { plan: choosing.name }) : ''}
      >
        {choosing && <ChoosePlan plan={choosing} least={b.usage.screens} onClose={() => setChoosing(null)} />}
      </Modal>
    </div>
  );
}
