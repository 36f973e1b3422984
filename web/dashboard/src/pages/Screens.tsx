import { Plus } from 'lucide-react';
import { Link, useSearchParams } from 'react-router';
import { describeError } from '../api/http';
import { useContentTitles } from '../content/content';
import { PairDialog } from '../screens/PairDialog';
import { HeldBadge, StatusBadge } from '../screens/StatusBadge';
import { useDevices } from '../screens/devices';
import { Alert } from '@shared/ui/Alert';
import { Button } from '@shared/ui/Button';
import { EmptyState } from '@shared/ui/EmptyState';
import { Loading } from '@shared/ui/Loading';

function seen(lastHeartbeat: string | null): string {
  if (!lastHeartbeat) return 'Never';
  const seconds = Math.round((Date.now() - Date.parse(lastHeartbeat)) / 1000);
  if (seconds < 60) return 'Just now';
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  return new Date(lastHeartbeat).toLocaleString();
}

// The screens of the organization, live (the dashboard socket updates their status), and the
// pair dialog: opened by the button, by ?pair=1, or by the QR link /pair?code=ABC123.
export function Screens() {
  const devices = useDevices();
  const [params, setParams] = useSearchParams();
  const code = params.get('code') ?? '';
  const pairing = params.has('pair') || code !== '';
  const setPairing = (open: boolean) => setParams(open ? { pair: '1' } : {}, { replace: true });
  const items = devices.items;
  const titles = useContentTitles();
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <h1 className="text-2xl font-semibold">Screens</h1>
        <Button onClick={() => setPairing(true)}>
          <Plus aria-hidden="true" size={16} /> Pair a screen
        </Button>
      </div>
      {devices.error && <Alert>{describeError(devices.error)}</Alert>}
      {devices.isPending ? (
        <Loading label="Loading screens" />
      ) : items.length === 0 ? (
        <EmptyState
          title="No screens yet"
          action={<Button onClick={() => setPairing(true)}>Pair a screen</Button>}
        >
          Open <strong>/player</strong> in the browser of a TV or computer. It shows a code: pair it here and
          it is yours in seconds.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Screens and their status</caption>
            <thead className="border-b border-slate-200 bg-slate-50 text-slate-600">
              <tr>
                <th scope="col" className="px-4 py-3 font-medium">
                  Name
                </th>
                <th scope="col" className="px-4 py-3 font-medium">
                  Status
                </th>
                <th scope="col" className="px-4 py-3 font-medium">
                  Playing
                </th>
                <th scope="col" className="hidden px-4 py-3 font-medium sm:table-cell">
                  Location
                </th>
                <th scope="col" className="hidden px-4 py-3 font-medium md:table-cell">
                  Last seen
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((d) => (
                <tr key={d.id} className="border-b border-slate-100 last:border-0">
                  <th scope="row" className="px-4 py-3 font-medium text-slate-900">
                    <Link to={`/screens/${d.id}`} className="underline-offset-2 hover:underline">
                      {d.nickname}
                    </Link>
                  </th>
                  <td className="px-4 py-3">
                    <StatusBadge status={d.status} />
                    {d.held && <HeldBadge />}
                  </td>
                  <td className="px-4 py-3 text-slate-700">
                    {d.status === 'online' && d.currentContent?.contentId
                      ? (titles.get(d.currentContent.contentId) ?? 'Content')
                      : '—'}
                  </td>
                  <td className="hidden px-4 py-3 text-slate-700 sm:table-cell">{d.location || '—'}</td>
                  <td className="hidden px-4 py-3 text-slate-700 md:table-cell">{seen(d.lastHeartbeat)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <PairDialog open={pairing} onOpenChange={setPairing} code={code} />
    </div>
  );
}
