import { useState } from 'react';
import { describeError } from '../api/http';
import { useDevices } from '../screens/devices';
import { useGroups } from '../screens/groups';
import { Alert } from '@shared/ui/Alert';
import { Button } from '@shared/ui/Button';
import { CheckboxList } from '@shared/ui/CheckboxList';
import { Modal, ModalClose } from '@shared/ui/Modal';
import { usePublish } from './playlists';

// Puts a playlist on screens now: all of them or those chosen, until ended or for a while.
export function PublishDialog({
  playlistId,
  open,
  onOpenChange,
  onPublished,
}: {
  playlistId: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onPublished: () => void;
}) {
  const publish = usePublish(playlistId);
  const devices = useDevices();
  const groups = useGroups();
  const [target, setTarget] = useState<'all' | 'screens' | 'groups'>('all');
  const [chosen, setChosen] = useState<string[]>([]);
  const [chosenGroups, setChosenGroups] = useState<string[]>([]);
  const [minutes, setMinutes] = useState('');
  const submit = () =>
    publish.mutate(
      {
        ...(target === 'all'
          ? { allDevices: true }
          : target === 'screens'
            ? { deviceIds: chosen }
            : { groupIds: chosenGroups }),
        ...(minutes ? { durationMinutes: Number(minutes) } : {}),
      },
      { onSuccess: () => (onOpenChange(false), onPublished()) },
    );
  return (
    <Modal
      open={open}
      onOpenChange={onOpenChange}
      title="Publish now"
      description="Screens switch to this playlist within a second."
    >
      <div className="flex flex-col gap-4">
        {publish.error && <Alert>{describeError(publish.error)}</Alert>}
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1 text-sm font-medium">Screens</legend>
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name="target" checked={target === 'all'} onChange={() => setTarget('all')} />{' '}
            All screens
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input
              type="radio"
              name="target"
              checked={target === 'screens'}
              onChange={() => setTarget('screens')}
            />{' '}
            Chosen screens
          </label>
          {target === 'screens' && (
            <CheckboxList
              className="ml-6 flex flex-col gap-1"
              options={devices.items.map((d) => ({ id: d.id, label: d.nickname }))}
              chosen={chosen}
              onChange={setChosen}
            />
          )}
          {(groups.data?.items.length ?? 0) > 0 && (
            <label className="flex items-center gap-2 text-sm">
              <input
                type="radio"
                name="target"
                checked={target === 'groups'}
                onChange={() => setTarget('groups')}
              />{' '}
              Groups
            </label>
          )}
          {target === 'groups' && (
            <CheckboxList
              className="ml-6 flex flex-col gap-1"
              options={(groups.data?.items ?? []).map((g) => ({
                id: g.id,
                label: `${g.name} (${g.deviceCount} screen${g.deviceCount === 1 ? '' : 's'})`,
              }))}
              chosen={chosenGroups}
              onChange={setChosenGroups}
            />
          )}
        </fieldset>
        <div className="flex flex-col gap-1">
          <label htmlFor="publish-minutes" className="text-sm font-medium">
            For how many minutes
          </label>
          <input
            id="publish-minutes"
            type="number"
            min={1}
            placeholder="Until I end it"
            value={minutes}
            onChange={(e) => setMinutes(e.target.value)}
            className="min-h-10 rounded-md border border-slate-300 dark:border-slate-600 px-3 text-sm"
          />
        </div>
        <div className="flex justify-end gap-2">
          <ModalClose asChild>
            <Button variant="secondary">Cancel</Button>
          </ModalClose>
          <Button
            onClick={submit}
            busy={publish.isPending}
            disabled={
              (target === 'screens' && chosen.length === 0) ||
              (target === 'groups' && chosenGroups.length === 0)
            }
          >
            Publish
          </Button>
        </div>
      </div>
    </Modal>
  );
}
