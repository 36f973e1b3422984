import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { describeError } from '../api/http';
import { usePlaylists, usePublish } from '../playlists/playlists';
import { useBulkCommand, useMoveToGroup, useUnpairMany } from './bulk';
import { useGroups } from './groups';
import { Alert } from '@shared/ui/Alert';
import { Button } from '@shared/ui/Button';
import { Modal, ModalClose } from '@shared/ui/Modal';

const selectClass =
  'min-h-10 rounded-md border border-slate-300 dark:border-slate-600 bg-white dark:bg-slate-900 px-3 text-sm';

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
  const { formatMessage } = useIntl();
  const count = deviceIds?.length ?? 0;
  return (
    <Modal
      open={deviceIds !== null}
      onOpenChange={(open) => !open && onClose()}
      title={formatMessage({ id: 'bulk.publishTitle' }, { count })}
      description={formatMessage({ id: 'bulk.publishWhat' })}
    >
      <div className="flex flex-col gap-4">
        {publish.error && <Alert>{describeError(publish.error)}</Alert>}
        <select
          aria-label={formatMessage({ id: 'bulk.playlist' })}
          value={playlistId}
          onChange={(e) => setPlaylistId(e.target.value)}
          className={selectClass}
        >
          <option value="">{formatMessage({ id: 'bulk.choosePlaylist' })}</option>
          {(playlists.data?.items ?? []).map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
        <div className="flex justify-end gap-2">
          <ModalClose asChild>
            <Button variant="secondary">
              <FormattedMessage id="action.cancel" />
            </Button>
          </ModalClose>
          <Button
            disabled={!playlistId}
            busy={publish.isPending}
            onClick={() =>
              publish.mutate(
                { deviceIds: deviceIds ?? [] },
                { onSuccess: () => onClose(formatMessage({ id: 'bulk.published' }, { count })) },
              )
            }
          >
            <FormattedMessage id="bulk.publish" />
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
  const { formatMessage } = useIntl();
  const count = deviceIds?.length ?? 0;
  return (
    <Modal
      open={deviceIds !== null}
      onOpenChange={(open) => !open && onClose()}
      title={formatMessage({ id: 'bulk.unpairTitle' }, { count })}
      description={formatMessage({ id: 'bulk.unpairWhat' })}
    >
      <div className="flex flex-col gap-4">
        {unpair.error && <Alert>{describeError(unpair.error)}</Alert>}
        <div className="flex justify-end gap-2">
          <ModalClose asChild>
            <Button variant="secondary">
              <FormattedMessage id="bulk.keep" />
            </Button>
          </ModalClose>
          <Button
            variant="danger"
            busy={unpair.isPending}
            onClick={() =>
              unpair.mutate(deviceIds ?? [], {
                onSuccess: (failed) =>
                  onClose(
                    failed
                      ? formatMessage({ id: 'bulk.unpairedSome' }, { done: count - failed, failed })
                      : formatMessage({ id: 'bulk.unpaired' }, { count }),
                  ),
              })
            }
          >
            <FormattedMessage id="bulk.unpair" />
          </Button>
        </div>
      </div>
    </Modal>
  );
}

// The actions for the screens chosen on the Screens page.
export function BulkBar({ selected, onDone }: { selected: string[]; onDone: () => void }) {
  const command = useBulkCommand();
  const { formatMessage } = useIntl();
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
        onSuccess: (r) => setSaid(formatMessage({ id: 'bulk.sent' }, { command: name, count: r.devices })),
      },
    );
  return (
    <section
      aria-label={formatMessage({ id: 'bulk.chosen' })}
      className="flex flex-col gap-3 rounded-lg border border-indigo-200 bg-indigo-50 p-3 dark:border-indigo-900 dark:bg-indigo-950"
    >
      <div className="flex flex-wrap items-center gap-2">
        <span className="mr-2 text-sm font-medium">
          <FormattedMessage id="bulk.chosenCount" values={{ count: selected.length }} />
        </span>
        <Button
          variant="secondary"
          disabled={!selected.length}
          busy={command.isPending}
          onClick={() => send('reload')}
        >
          <FormattedMessage id="bulk.reload" />
        </Button>
        <Button variant="secondary" disabled={!selected.length} onClick={() => send('identify')}>
          <FormattedMessage id="bulk.identify" />
        </Button>
        <Button variant="secondary" disabled={!selected.length} onClick={() => setPublishing(selected)}>
          <FormattedMessage id="bulk.publishMore" />
        </Button>
        <select
          aria-label={formatMessage({ id: 'bulk.groupToMove' })}
          value={groupId}
          onChange={(e) => setGroupId(e.target.value)}
          className={selectClass}
        >
          <option value="">{formatMessage({ id: 'bulk.moveToGroup' })}</option>
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
                  const name =
                    groups.data?.items.find((g) => g.id === groupId)?.name ??
                    formatMessage({ id: 'bulk.theGroup' });
                  finish(
                    failed
                      ? formatMessage(
                          { id: 'bulk.movedSome' },
                          { done: selected.length - failed, failed, group: name },
                        )
                      : formatMessage({ id: 'bulk.moved' }, { count: selected.length, group: name }),
                  );
                },
              },
            )
          }
        >
          <FormattedMessage id="bulk.move" />
        </Button>
        <Button variant="danger" disabled={!selected.length} onClick={() => setUnpairing(selected)}>
          <FormattedMessage id="bulk.unpairMore" />
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
