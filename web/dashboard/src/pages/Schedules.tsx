import { CalendarPlus } from 'lucide-react';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { describeError } from '../api/http';
import { usePlaylistNames } from '../playlists/playlists';
import { ScheduleForm } from '../schedules/ScheduleForm';
import { WeekCalendar } from '../schedules/WeekCalendar';
import { describeSchedule, useDeleteSchedule, useSchedules } from '../schedules/schedules';
import { useDevices, useTimeline } from '../screens/devices';
import { Alert } from '@shared/ui/Alert';
import { Button } from '@shared/ui/Button';
import { EmptyState } from '@shared/ui/EmptyState';
import { Loading } from '@shared/ui/Loading';
import { Modal } from '@shared/ui/Modal';

function Week({ deviceId, names }: { deviceId: string; names: Map<string, string> }) {
  const { formatMessage } = useIntl();
  const [from] = useState(() => {
    const midnight = new Date();
    midnight.setHours(0, 0, 0, 0);
    return midnight.getTime();
  });
  const timeline = useTimeline(
    deviceId,
    new Date(from).toISOString(),
    new Date(from + 7 * 86_400_000).toISOString(),
  );
  if (timeline.isPending) return <Loading label={formatMessage({ id: 'schedules.loadingWeek' })} rows={2} />;
  if (timeline.error) return <Alert>{describeError(timeline.error)}</Alert>;
  return <WeekCalendar segments={timeline.data} from={from} names={names} />;
}

export function Schedules() {
  const schedules = useSchedules();
  const { formatMessage } = useIntl();
  const devices = useDevices();
  const remove = useDeleteSchedule();
  const [creating, setCreating] = useState(false);
  const [screen, setScreen] = useState('');
  const names = usePlaylistNames();
  const items = schedules.data?.items ?? [];
  const shown = screen || devices.items[0]?.id || '';
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <h1 className="text-2xl font-semibold">
          <FormattedMessage id="schedules.title" />
        </h1>
        <Button onClick={() => setCreating(true)}>
          <CalendarPlus aria-hidden="true" size={16} /> <FormattedMessage id="schedules.new" />
        </Button>
      </div>
      {(schedules.error || remove.error) && <Alert>{describeError(schedules.error ?? remove.error)}</Alert>}
      {schedules.isPending ? (
        <Loading label={formatMessage({ id: 'schedules.loading' })} />
      ) : items.length === 0 ? (
        <EmptyState
          title={formatMessage({ id: 'schedules.emptyTitle' })}
          action={
            <Button onClick={() => setCreating(true)}>
              <FormattedMessage id="schedules.new" />
            </Button>
          }
        >
          <FormattedMessage id="schedules.empty" />
        </EmptyState>
      ) : (
        <ul
          aria-label={formatMessage({ id: 'schedules.title' })}
          className="divide-y divide-slate-100 rounded-lg border border-slate-200 dark:border-slate-700 bg-white dark:bg-slate-900"
        >
          {items.map((s) => (
            <li key={s.id} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3">
              <div>
                <p className="font-medium">{s.name}</p>
                <p className="text-sm text-slate-600 dark:text-slate-400">
                  <FormattedMessage
                    id="schedules.line"
                    values={{
                      when: describeSchedule(s),
                      zone: s.timezone,
                      playlist: names.get(s.playlistId) ?? formatMessage({ id: 'schedules.playlist' }),
                      priority: s.priority,
                    }}
                  />
                </p>
              </div>
              <Button
                variant="ghost"
                className="text-red-700 dark:text-red-400"
                aria-label={formatMessage({ id: 'schedules.deleteNamed' }, { name: s.name })}
                onClick={() => remove.mutate(s.id)}
              >
                <FormattedMessage id="content.delete" />
              </Button>
            </li>
          ))}
        </ul>
      )}
      {devices.items.length > 0 && (
        <section
          aria-labelledby="week"
          className="flex flex-col gap-3 rounded-lg border border-slate-200 dark:border-slate-700 bg-white dark:bg-slate-900 p-4"
        >
          <div className="flex flex-wrap items-center justify-between gap-3">
            <h2 id="week" className="font-semibold">
              <FormattedMessage id="schedules.week" />
            </h2>
            <label className="flex items-center gap-2 text-sm">
              <FormattedMessage id="schedules.screen" />
              <select
                value={shown}
                onChange={(e) => setScreen(e.target.value)}
                className="min-h-10 rounded-md border border-slate-300 dark:border-slate-600 bg-white dark:bg-slate-900 px-3"
              >
                {devices.items.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.nickname}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {shown && <Week key={`${shown}-${items.length}`} deviceId={shown} names={names} />}
        </section>
      )}
      <Modal open={creating} onOpenChange={setCreating} title={formatMessage({ id: 'schedules.new' })}>
        <ScheduleForm onDone={() => setCreating(false)} />
      </Modal>
    </div>
  );
}
