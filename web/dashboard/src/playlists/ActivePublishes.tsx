import { describeError } from '../api/http';
import { useDevices } from '../screens/devices';
import { Alert } from '@shared/ui/Alert';
import { Button } from '@shared/ui/Button';
import { useActivePublishes, useEndPublish, usePlaylistNames } from './playlists';

// What was published "now" and still overrides schedules, each endable.
export function ActivePublishes() {
  const publishes = useActivePublishes();
  const end = useEndPublish();
  const names = usePlaylistNames();
  const devices = useDevices();
  const items = publishes.data?.items ?? [];
  if (items.length === 0) return null;
  const playlistName = (id: string) => names.get(id) ?? 'A playlist';
  const screens = (ids: string[]) =>
    ids.map((id) => devices.items.find((d) => d.id === id)?.nickname ?? 'a screen').join(', ');
  return (
    <section
      aria-labelledby="publishes"
      className="flex flex-col gap-3 rounded-lg border border-rose-200 bg-white dark:bg-slate-900 p-4"
    >
      <h2 id="publishes" className="font-semibold">
        Published now
      </h2>
      {end.error && <Alert>{describeError(end.error)}</Alert>}
      <ul className="flex flex-col gap-2">
        {items.map((p) => (
          <li key={p.id} className="flex flex-wrap items-center justify-between gap-3 text-sm">
            <span>
              <strong>{playlistName(p.playlistId)}</strong> on{' '}
              {p.allDevices ? 'all screens' : screens(p.deviceIds)}
              {p.expiresAt ? ` until ${new Date(p.expiresAt).toLocaleString()}` : ', until ended'}
            </span>
            <Button
              variant="secondary"
              onClick={() => end.mutate(p.id)}
              aria-label={`End ${playlistName(p.playlistId)}`}
            >
              End
            </Button>
          </li>
        ))}
      </ul>
    </section>
  );
}
