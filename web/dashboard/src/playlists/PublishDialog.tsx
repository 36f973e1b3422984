import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { describeError } from '../api/http';
import { ScreenPicker } from '../screens/ScreenPicker';
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
  const { formatMessage } = useIntl();
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
      title={formatMessage({ id: 'publish.title' })}
      description={formatMessage({ id: 'publish.what' })}
    >
      <div className="flex flex-col gap-4">
        {publish.error && <Alert>{describeError(publish.error)}</Alert>}
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1 text-sm font-medium">
            <FormattedMessage id="publish.screens" />
          </legend>
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name="target" checked={target === 'all'} onChange={() => setTarget('all')} />{' '}
            <FormattedMessage id="publish.all" />
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input
              type="radio"
              name="target"
              checked={target === 'screens'}
              onChange={() => setTarget('screens')}
            />{' '}
            <FormattedMessage id="publish.chosen" />
          </label>
          {target === 'screens' && <ScreenPicker className="ml-6" chosen={chosen} onChange={setChosen} />}
          {(groups.data?.items.length ?? 0) > 0 && (
            <label className="flex items-center gap-2 text-sm">
              <input
                type="radio"
                name="target"
                checked={target === 'groups'}
                onChange={() => setTarget('groups')}
              />{' '}
              <FormattedMessage id="publish.groups" />
            </label>
          )}
          {target === 'groups' && (
            <CheckboxList
              className="ml-6 flex flex-col gap-1"
              options={(groups.data?.items ?? []).map((g) => ({
                id: g.id,
                label: formatMessage({ id: 'publish.group' }, { name: g.name, count: g.deviceCount }),
              }))}
              chosen={chosenGroups}
              onChange={setChosenGroups}
            />
          )}
        </fieldset>
        <div className="flex flex-col gap-1">
          <label htmlFor="publish-minutes" className="text-sm font-medium">
            <FormattedMessage id="publish.minutes" />
          </label>
          <input
            id="publish-minutes"
            type="number"
            min={1}
            placeholder={formatMessage({ id: 'publish.untilEnded' })}
            value={minutes}
            onChange={(e) => setMinutes(e.target.value)}
            className="min-h-10 rounded-md border border-slate-300 dark:border-slate-600 px-3 text-sm"
          />
        </div>
        <div className="flex justify-end gap-2">
          <ModalClose asChild>
            <Button variant="secondary">
              <FormattedMessage id="action.cancel" />
            </Button>
          </ModalClose>
          <Button
            onClick={submit}
            busy={publish.isPending}
            disabled={
              (target === 'screens' && chosen.length === 0) ||
              (target === 'groups' && chosenGroups.length === 0)
            }
          >
            <FormattedMessage id="publish.submit" />
          </Button>
        </div>
      </div>
    </Modal>
  );
}
