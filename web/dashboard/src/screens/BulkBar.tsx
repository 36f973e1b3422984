import { useState } from 'react';
import { describeError } from '../api/http';
import { usePlaylists, usePublish } from '../playlists/playlists';
import { useBulkCommand, useMoveToGroup, useUnpairMany } from './bulk';
import { useGroups } from './groups';
import { Alert } from '@shared/ui/Alert';
import { Button } from '@shared/ui/Button';
import { Modal, ModalClose } from '@shared/ui/Modal';

const selectClass =
  'min-h-10 rounded-md border border-slate-300 dark:border-slate-600 bg-white dark:bg-slate-900 px-3 text-sm';

const screens = (n: number) => (n === 1 ? '1 screen' : `${n} screens`);

// Puts a playlist on the chosen screens now.
function PublishToDialog({
  deviceIds,
  onClose,
}: {
  deviceIds: string[] | null;
  onClose: (done?: string) => void;
}) {
  const playlists = usePlaylists();
  const [playlistId, setPlaylistId] = useState('');
  const publish = usePublish(playlistId);
  const count = deviceIds?.length ?? 0;
  return (
    <Modal
      open={deviceIds !== null}
      onOpenChange={(open) => !open && onClose()}
      title={`Publish to ${screens(count)}`}
      description="They switch to the playlist within a second, until you end it."
    >
      <div className="flex flex-col gap-4">
        {publish.error && <Alert>{describeError(publish.error)}</Alert>}
        <select
          aria-label="Playlist"
          value={playlistId}
          onChange={(e) => setPlaylistId(e.target.value)}
          className={selectClass}
        >
          <option value="">Choose a playlist</option>
          {(playlists.data?.items ?? []).map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
        <div className="flex justify-end gap-2">
          <ModalClose asChild>
            <Button variant="secondary">Cancel</Button>
          </ModalClose>
          <Button
            disabled={!playlistId}
            busy={publish.isPending}
            onClick={() =>
              publish.mutate(
                { deviceIds: deviceIds ?? [] },
                { onSuccess: () => onClose(`Published to ${screens(count)}.`) },
              )
            }
          >
            Publish
          </Button>
        </div>
      </div>
    </Modal>
  );
}

function UnpairDialog({
  deviceIds,
  onClose,
}: {
  deviceIds: string[] | null;
  onClose: (done?: string) => void;
}) {
  const unpair = useUnpairMany();
  const count = deviceIds?.length ?? 0;
  return (
    <Modal
      open={deviceIds !== null}
      onOpenChange={(open) => !open && onClose()}
      title={`Unpair ${screens(count)}?`}
      description="They stop playing at once and show a new pairing code."
    >
      <div className="flex flex-col gap-4">
        {unpair.error && <Alert>{describeError(unpair.error)}</Alert>}
        <div className="flex justify-end gap-2">
          <ModalClose asChild>
            <Button variant="secondary">Keep them</Button>
          </ModalClose>
          <Button
            variant="danger"
            busy={unpair.isPending}
            onClick={() =>
              unpair.mutate(deviceIds ?? [], {
                onSuccess: (failed) =>
                  onClose(
                    failed
                      ? `${screens(count - failed)} unpaired; ${failed} could not be.`
                      : `${screens(count)} unpaired.`,
                  ),
              })
            }
          >
            Unpair
          </Button>
        </div>
      </div>
    </Modal>
  );
}

// The actions for the screens chosen on the Screens page.
export function BulkBar({ selected, onDone }: { selected: string[]; onDone: () => void }) {
  const command = useBulkCommand();
  const move = useMoveToGroup();
  const groups = useGroups();
  const [groupId, setGroupId] = useState('');
  const [publishing, setPublishing] = useState<string[] | null>(null);
  const [unpairing, setUnpairing] = useState<string[] | null>(null);
  const [said, setSaid] = useState('');
  const error = command.error ?? move.error;
  const finish = (message?: string) => {
    setPublishing(null);
    setUnpairing(null);
    if (message) {
      setSaid(message);
      onDone();
    }
  };
  const send = (name: 'reload' | 'identify') =>
    command.mutate(
      { command: name, deviceIds: selected },
      {
        onSuccess: (r) =>
          setSaid(`${name === 'reload' ? 'Reload' : 'Identify'} sent to ${screens(r.devices)}.`),
      },
    );
  return (
    <section
      aria-label="Chosen screens"
      className="flex flex-col gap-3 rounded-lg border border-indigo-200 bg-indigo-50 p-3 dark:border-indigo-900 dark:bg-indigo-950"
    >
      <div className="flex flex-wrap items-center gap-2">
        <span className="mr-2 text-sm font-medium">{screens(selected.length)} chosen</span>
        <Button
          variant="secondary"
          disabled={!selected.length}
          busy={command.isPending}
          onClick={() => send('reload')}
        >
          Reload
        </Button>
        <Button variant="secondary" disabled={!selected.length} onClick={() => send('identify')}>
          Identify
        </Button>
        <Button variant="secondary" disabled={!selected.length} onClick={() => setPublishing(selected)}>
          Publish…
        </Button>
        <select
          aria-label="Group to move them to"
          value={groupId}
          onChange={(e) => setGroupId(e.target.value)}
          className={selectClass}
        >
          <option value="">Move to group…</option>
          {(groups.data?.items ?? []).map((g) => (
            <option key={g.id} value={g.id}>
              {g.name}
            </option>
          ))}
        </select>
        <Button
          variant="secondary"
          disabled={!groupId || !selected.length}
          busy={move.isPending}
          onClick={() =>
            move.mutate(
              { deviceIds: selected, groupId },
              {
                onSuccess: (failed) => {
                  const name = groups.data?.items.find((g) => g.id === groupId)?.name ?? 'the group';
                  finish(
                    failed
                      ? `${screens(selected.length - failed)} moved to ${name}; ${failed} could not be.`
                      : `${screens(selected.length)} moved to ${name}.`,
                  );
                },
              },
            )
          }
        >
          Move
        </Button>
        <Button variant="danger" disabled={!selected.length} onClick={() => setUnpairing(selected)}>
          Unpair…
        </Button>
      </div>
      {error && <Alert>{describeError(error)}</Alert>}
      {said && (
        <p role="status" className="text-sm text-slate-700 dark:text-slate-300">
          {said}
        </p>
      )}
      <PublishToDialog deviceIds={publishing} onClose={finish} />
      <UnpairDialog deviceIds={unpairing} onClose={finish} />
    </section>
  );
}
