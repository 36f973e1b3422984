import { Link } from 'react-router';
import { FormattedMessage, useIntl } from 'react-intl';
import { useCurrentSession } from '../auth/session';
import { useBilling } from '../billing/billing';
import { ActivePublishes } from '../playlists/ActivePublishes';
import { useContentTitles } from '../content/content';
import { useDevices } from '../screens/devices';
import { ActivityList } from '../team/ActivityList';
import { useAuditLog } from '../team/team';
import { linkTo } from '../i18n/linkTo';
import { intl } from '@shared/i18n/intl';
import { Loading } from '@shared/ui/Loading';

function Stat({
  label,
  value,
  tone = 'text-slate-900 dark:text-slate-100',
}: {
  label: string;
  value: string | number;
  tone?: string;
}) {
  return (
    <div className="rounded-lg border border-slate-200 dark:border-slate-700 bg-white dark:bg-slate-900 p-4">
      <dt className="text-sm text-slate-600 dark:text-slate-400">{label}</dt>
      <dd className={`mt-1 text-2xl font-semibold ${tone}`}>{value}</dd>
    </div>
  );
}

function trialLeft(trialEndsAt: string | null): string | null {
  if (!trialEndsAt) return null;
  const { formatMessage } = intl();
  const days = Math.ceil((Date.parse(trialEndsAt) - Date.now()) / 86_400_000);
  return days > 0
    ? formatMessage({ id: 'overview.trialLeft' }, { days })
    : formatMessage({ id: 'overview.trialEnded' });
}

export function Overview() {
  const session = useCurrentSession();
  const devices = useDevices();
  const billing = useBilling(); // counts every screen; the list stops at its first page
  const { formatMessage } = useIntl();
  const items = devices.items;
  const online = items.filter((d) => d.status === 'online').length;
  const { organization } = session;
  const trial = organization.subscriptionStatus === 'trial' ? trialLeft(organization.trialEndsAt) : null;
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold">
          <FormattedMessage id="overview.welcome" values={{ name: session.user.firstName }} />
        </h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          <FormattedMessage
            id="overview.plan"
            values={{ organization: organization.name, tier: organization.subscriptionTier }}
          />
          {trial ? ` · ${trial}` : ''}
        </p>
      </div>
      {devices.isPending ? (
        <Loading label={formatMessage({ id: 'overview.loadingScreens' })} rows={1} />
      ) : (
        <dl className="grid grid-cols-2 gap-4 lg:grid-cols-4">
          <Stat
            label={formatMessage({ id: 'overview.online' })}
            value={online}
            tone="text-emerald-700 dark:text-emerald-400"
          />
          <Stat
            label={formatMessage({ id: 'overview.offline' })}
            value={items.filter((d) => d.status === 'offline').length}
          />
          <Stat
            label={formatMessage({ id: 'overview.inUse' })}
            value={formatMessage(
              { id: 'overview.inUseValue' },
              { used: billing.data?.usage.screens ?? items.length, quota: organization.screenQuota },
            )}
          />
          <Stat
            label={formatMessage({ id: 'overview.playingNow' })}
            value={items.filter((d) => d.currentContent?.contentId).length}
          />
        </dl>
      )}
      <ActivePublishes />
      <PlayingNow />
      {session.user.role === 'admin' && <RecentActivity />}
      {!devices.isPending && items.length === 0 && (
        <p className="text-sm text-slate-700 dark:text-slate-300">
          <FormattedMessage id="overview.start" values={{ link: linkTo('/screens?pair=1') }} />
        </p>
      )}
    </div>
  );
}

// Which screen shows what, as the screens last said.
function PlayingNow() {
  const devices = useDevices();
  const playing = devices.items.filter((d) => d.status === 'online' && d.currentContent?.contentId);
  const titles = useContentTitles(playing.map((d) => d.currentContent?.contentId ?? ''));
  if (playing.length === 0) return null;
  return (
    <section
      aria-labelledby="playing"
      className="flex flex-col gap-2 rounded-lg border border-slate-200 dark:border-slate-700 bg-white dark:bg-slate-900 p-4"
    >
      <h2 id="playing" className="font-semibold">
        <FormattedMessage id="overview.playingNow" />
      </h2>
      <ul className="flex flex-col gap-1 text-sm">
        {playing.map((d) => (
          <li key={d.id}>
            <Link
              to={`/screens/${d.id}`}
              className="font-medium text-indigo-700 dark:text-indigo-300 underline"
            >
              {d.nickname}
            </Link>
            : {titles.get(d.currentContent?.contentId ?? '') ?? <FormattedMessage id="screens.content" />}
          </li>
        ))}
      </ul>
    </section>
  );
}

function RecentActivity() {
  const audit = useAuditLog(true);
  const entries = (audit.data?.pages[0]?.items ?? []).slice(0, 5);
  if (entries.length === 0) return null;
  return (
    <section
      aria-labelledby="activity"
      className="flex flex-col gap-2 rounded-lg border border-slate-200 dark:border-slate-700 bg-white dark:bg-slate-900 p-4"
    >
      <h2 id="activity" className="font-semibold">
        <FormattedMessage id="overview.recent" />
      </h2>
      <ActivityList entries={entries} />
    </section>
  );
}
