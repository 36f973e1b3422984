import { FormattedMessage, useIntl } from 'react-intl';
import { describeError } from '../api/http';
import { useDevices } from '../screens/devices';
import { Alert } from '@shared/ui/Alert';
import { Button } from '@shared/ui/Button';
import { useActivePublishes, useEndPublish, usePlaylistNames } from './playlists';

// What was published "now" and still overrides schedules, each endable.
export function ActivePublishes() {
  const publishes = useActivePublishes();
  const { formatMessage, formatDate, formatList } = useIntl();
  const end = useEndPublish();
  const names = usePlaylistNames();
  const devices = useDevices();
  const items = publishes.data?.items ?? [];
  if (items.length === 0) return null;
  const playlistName = (id: string) => names.get(id) ?? formatMessage({ id: 'publishes.aPlaylist' });
  const screens = (ids: string[]) =>
    formatList(
      ids.map(
        (id) =>
          devices.items.find((d) => d.id === id)?.nickname ?? formatMessage({ id: 'publishes.aScreen' }),
      ),
    );
  return (
    <section
      aria-labelledby="publishes"
      className="flex flex-col gap-3 rounded-lg border border-rose-200 bg-white dark:bg-slate-900 p-4"
    >
      <h2 id="publishes" className="font-semibold">
        <FormattedMessage id="publishes.title" />
      </h2>
      {end.error && <Alert>{describeError(end.error)}</Alert>}
      <ul className="flex flex-col gap-2">
        {items.map((p) => (
          <li key={p.id} className="flex flex-wrap items-center justify-between gap-3 text-sm">
            <span>
              {p.allDevices ? (
                <FormattedMessage id="publishes.onAll" values={{ playlist: playlistName(p.playlistId) }} />
              ) : (
                <FormattedMessage
                  id="publishes.on"
                  values={{ playlist: playlistName(p.playlistId), screens: screens(p.deviceIds) }}
                />
              )}
              {', '}
              {p.expiresAt
                ? formatMessage(
                    { id: 'publishes.until' },
                    { time: formatDate(p.expiresAt, { dateStyle: 'medium', timeStyle: 'short' }) },
                  )
                : formatMessage({ id: 'publishes.untilEnded' })}
            </span>
            <Button
              variant="secondary"
              onClick={() => end.mutate(p.id)}
              aria-label={formatMessage(
                { id: 'publishes.endNamed' },
                { playlist: playlistName(p.playlistId) },
              )}
            >
              <FormattedMessage id="publishes.end" />
            </Button>
          </li>
        ))}
      </ul>
    </section>
  );
}
