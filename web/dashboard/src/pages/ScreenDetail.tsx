import { Camera, RotateCw, ScanEye } from 'lucide-react';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { FormattedMessage, useIntl } from 'react-intl';
import { describeError } from '../api/http';
import type { Device } from '../api/types';
import { usePlaylistNames, usePlaylists } from '../playlists/playlists';
import { StatusBadge } from '../screens/StatusBadge';
import { TimelineStrip } from '../screens/TimelineStrip';
import { useCreateGroup, useGroups } from '../screens/groups';
import { linkTo } from '../i18n/linkTo';
import {
  useCommandResult,
  useDevice,
  useDevices,
  useSendCommand,
  useTimeline,
  useUnpairDevice,
  useUpdateDevice,
  type Command,
} from '../screens/devices';
import { Alert } from '@shared/ui/Alert';
import { Button } from '@shared/ui/Button';
import { CheckboxList } from '@shared/ui/CheckboxList';
import { Loading } from '@shared/ui/Loading';
import { Modal, ModalClose } from '@shared/ui/Modal';
import { TextField } from '@shared/ui/TextField';

const hours48 = 48 * 3_600_000;

function Commands({ device }: { device: Device }) {
  const send = useSendCommand(device.id);
  const { formatMessage } = useIntl();
  const [commandId, setCommandId] = useState<string | null>(null);
  const result = useCommandResult(commandId).data;
  const run = (command: Command) => send.mutate(command, { onSuccess: (r) => setCommandId(r.commandId) });
  const image = typeof result?.data?.['image'] === 'string' ? result.data['image'] : null;
  return (
    <section
      aria-labelledby="commands"
      className="flex flex-col gap-3 rounded-lg border border-slate-200 dark:border-slate-700 bg-white dark:bg-slate-900 p-4"
    >
      <h2 id="commands" className="font-semibold">
        <FormattedMessage id="screen.commands" />
      </h2>
      <div className="flex flex-wrap gap-2">
        <Button variant="secondary" onClick={() => run('identify')} disabled={device.status !== 'online'}>
          <ScanEye aria-hidden="true" size={16} /> <FormattedMessage id="screen.identify" />
        </Button>
        <Button variant="secondary" onClick={() => run('screenshot')} disabled={device.status !== 'online'}>
          <Camera aria-hidden="true" size={16} /> <FormattedMessage id="screen.screenshot" />
        </Button>
        <Button variant="secondary" onClick={() => run('reload')} disabled={device.status !== 'online'}>
          <RotateCw aria-hidden="true" size={16} /> <FormattedMessage id="screen.reload" />
        </Button>
      </div>
      {device.status !== 'online' && (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          <FormattedMessage id="screen.offlineNoCommands" />
        </p>
      )}
      {send.error && <Alert>{describeError(send.error)}</Alert>}
      <p aria-live="polite" className="text-sm text-slate-700 dark:text-slate-300">
        {commandId && !result
          ? formatMessage({ id: 'screen.waiting' })
          : result
            ? formatMessage({ id: result.ok ? 'screen.done' : 'screen.couldNot' })
            : ''}
      </p>
      {image && (
        <img
          src={image}
          alt={formatMessage({ id: 'screen.shows' }, { name: device.nickname })}
          className="max-w-sm rounded border border-slate-200 dark:border-slate-700"
        />
      )}
    </section>
  );
}

function Settings({ device }: { device: Device }) {
  const update = useUpdateDevice(device.id);
  const { formatMessage } = useIntl();
  const playlists = usePlaylists();
  const [nickname, setNickname] = useState(device.nickname);
  const [location, setLocation] = useState(device.location);
  const [timezone, setTimezone] = useState(device.timezone);
  const [playlist, setPlaylist] = useState(device.defaultPlaylistId ?? '');
  const [groupIds, setGroupIds] = useState(device.groupIds);
  const [newGroup, setNewGroup] = useState('');
  const groups = useGroups();
  const createGroup = useCreateGroup();
  const addGroup = () =>
    createGroup.mutate(newGroup.trim(), {
      onSuccess: (group) => {
        setGroupIds([...groupIds, group.id]);
        setNewGroup('');
      },
    });
  const zones = useMemo(
    () =>
      (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.(
        'timeZone',
      ) ?? ['UTC'],
    [],
  );
  return (
    <section
      aria-labelledby="settings"
      className="flex flex-col gap-3 rounded-lg border border-slate-200 dark:border-slate-700 bg-white dark:bg-slate-900 p-4"
    >
      <h2 id="settings" className="font-semibold">
        <FormattedMessage id="screen.settings" />
      </h2>
      <form
        className="grid gap-4 sm:grid-cols-2"
        onSubmit={(e) => {
          e.preventDefault();
          update.mutate({
            nickname: nickname.trim(),
            location,
            timezone,
            defaultPlaylistId: playlist || null,
          });
        }}
      >
        <TextField
          label={formatMessage({ id: 'screen.name' })}
          value={nickname}
          onChange={(e) => setNickname(e.target.value)}
          required
        />
        <TextField
          label={formatMessage({ id: 'screen.location' })}
          value={location}
          onChange={(e) => setLocation(e.target.value)}
        />
        <div className="flex flex-col gap-1">
          <label htmlFor="screen-zone" className="text-sm font-medium">
            <FormattedMessage id="screen.timeZone" />
          </label>
          <select
            id="screen-zone"
            value={timezone}
            onChange={(e) => setTimezone(e.target.value)}
            className="min-h-10 rounded-md border border-slate-300 dark:border-slate-600 bg-white dark:bg-slate-900 px-3 text-sm"
          >
            {(zones.includes(timezone) ? zones : [timezone, ...zones]).map((z) => (
              <option key={z}>{z}</option>
            ))}
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="screen-default" className="text-sm font-medium">
            <FormattedMessage id="screen.defaultPlaylist" />
          </label>
          <select
            id="screen-default"
            value={playlist}
            onChange={(e) => setPlaylist(e.target.value)}
            className="min-h-10 rounded-md border border-slate-300 dark:border-slate-600 bg-white dark:bg-slate-900 px-3 text-sm"
          >
            <option value="">{formatMessage({ id: 'screen.noDefault' })}</option>
            {(playlists.data?.items ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="flex flex-col gap-2 sm:col-span-2">
          <legend className="mb-1 text-sm font-medium">
            <FormattedMessage id="screen.groups" />
          </legend>
          <CheckboxList
            className="flex flex-wrap gap-4"
            options={(groups.data?.items ?? []).map((g) => ({ id: g.id, label: g.name }))}
            chosen={groupIds}
            onChange={setGroupIds}
          />
          <div className="flex flex-wrap items-end gap-2">
            <TextField
              label={formatMessage({ id: 'screen.newGroup' })}
              value={newGroup}
              onChange={(e) => setNewGroup(e.target.value)}
              placeholder={formatMessage({ id: 'screen.newGroupHint' })}
            />
            <Button
              variant="secondary"
              onClick={addGroup}
              disabled={!newGroup.trim()}
              busy={createGroup.isPending}
            >
              <FormattedMessage id="screen.createAndAdd" />
            </Button>
          </div>
          {createGroup.error && <Alert>{describeError(createGroup.error)}</Alert>}
        </fieldset>
        <div className="flex items-center gap-3 sm:col-span-2">
          <Button type="submit" busy={update.isPending} disabled={!nickname.trim()}>
            <FormattedMessage id="screen.save" />
          </Button>
          <span aria-live="polite" className="text-sm text-emerald-700 dark:text-emerald-400">
            {update.isSuccess ? formatMessage({ id: 'action.saved' }) : ''}
          </span>
        </div>
        {update.error && (
          <div className="sm:col-span-2">
            <Alert>{describeError(update.error)}</Alert>
          </div>
        )}
      </form>
    </section>
  );
}

function Unpair({ device }: { device: Device }) {
  const [open, setOpen] = useState(false);
  const unpair = useUnpairDevice(device.id);
  const { formatMessage } = useIntl();
  const navigate = useNavigate();
  return (
    <>
      <Button variant="danger" onClick={() => setOpen(true)}>
        <FormattedMessage id="screen.unpair" />
      </Button>
      <Modal
        open={open}
        onOpenChange={setOpen}
        title={formatMessage({ id: 'screen.unpairTitle' }, { name: device.nickname })}
        description={formatMessage({ id: 'screen.unpairWhat' })}
      >
        {unpair.error && <Alert>{describeError(unpair.error)}</Alert>}
        <div className="flex justify-end gap-2">
          <ModalClose asChild>
            <Button variant="secondary">
              <FormattedMessage id="screen.keep" />
            </Button>
          </ModalClose>
          <Button
            variant="danger"
            busy={unpair.isPending}
            onClick={() => unpair.mutate(undefined, { onSuccess: () => navigate('/screens') })}
          >
            <FormattedMessage id="screen.unpair" />
          </Button>
        </div>
      </Modal>
    </>
  );
}

export function ScreenDetail() {
  const id = useParams().id ?? '';
  const fetched = useDevice(id);
  const list = useDevices(); // the live status, pushed over the socket
  const [from] = useState(() => Date.now());
  const timeline = useTimeline(id, new Date(from).toISOString(), new Date(from + hours48).toISOString());
  const names = usePlaylistNames();
  const { formatMessage } = useIntl();
  if (fetched.isPending) return <Loading label={formatMessage({ id: 'screen.loading' })} />;
  if (fetched.error) return <Alert>{describeError(fetched.error)}</Alert>;
  const device = list.items.find((d) => d.id === id) ?? fetched.data;
  return (
    <div className="flex flex-col gap-6">
      <nav aria-label={formatMessage({ id: 'screen.breadcrumb' })} className="text-sm">
        <Link to="/screens" className="text-indigo-700 dark:text-indigo-300 underline">
          <FormattedMessage id="nav.screens" />
        </Link>
      </nav>
      <div className="flex flex-wrap items-center justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">{device.nickname}</h1>
          <StatusBadge status={device.status} />
        </div>
        <Unpair device={device} />
      </div>
      {device.held && (
        <Alert>
          <FormattedMessage id="screen.held" values={{ link: linkTo('/billing', 'underline') }} />
        </Alert>
      )}
      <section
        aria-labelledby="timeline"
        className="flex flex-col gap-3 rounded-lg border border-slate-200 dark:border-slate-700 bg-white dark:bg-slate-900 p-4"
      >
        <h2 id="timeline" className="font-semibold">
          <FormattedMessage id="screen.next48" />
        </h2>
        {timeline.isPending ? (
          <Loading label={formatMessage({ id: 'screen.loadingTimeline' })} rows={1} />
        ) : timeline.error ? (
          <Alert>{describeError(timeline.error)}</Alert>
        ) : (
          <TimelineStrip segments={timeline.data} from={from} to={from + hours48} names={names} />
        )}
      </section>
      <Commands device={device} />
      <Settings key={device.id} device={fetched.data} />
    </div>
  );
}
