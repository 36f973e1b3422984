import { useState } from 'react';
import { describeError } from '../api/http';
import { useDevices } from '../screens/devices';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { Modal, ModalClose } from '../ui/Modal';
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
  const [all, setAll] = useState(true);
  const [chosen, setChosen] = useState<string[]>([]);
  const [minutes, setMinutes] = useState('');
  const submit = () =>
    publish.mutate(
      {
        ...(all ? { allDevices: true } : { deviceIds: chosen }),
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
            <input type="radio" name="target" checked={all} onChange={() => setAll(true)} /> All screens
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name="target" checked={!all} onChange={() => setAll(false)} /> Chosen screens
          </label>
          {!all && (
            <ul className="ml-6 flex flex-col gap-1">
              {devices.items.map((d) => (
                <li key={d.id}>
                  <label className="flex items-center gap-2 text-sm">
                    <input
                      type="checkbox"
                      checked={chosen.includes(d.id)}
                      onChange={(e) =>
                        setChosen(e.target.checked ? [...chosen, d.id] : chosen.filter((id) => id !== d.id))
                      }
                    />
                    {d.nickname}
                  </label>
                </li>
              ))}
            </ul>
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
            className="min-h-10 rounded-md border border-slate-300 px-3 text-sm"
          />
        </div>
        <div className="flex justify-end gap-2">
          <ModalClose asChild>
            <Button variant="secondary">Cancel</Button>
          </ModalClose>
          <Button onClick={submit} busy={publish.isPending} disabled={!all && chosen.length === 0}>
            Publish
          </Button>
        </div>
      </div>
    </Modal>
  );
}
