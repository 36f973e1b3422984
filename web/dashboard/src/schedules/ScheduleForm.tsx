import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { describeError } from '../api/http';
import { usePlaylists } from '../playlists/playlists';
import { ScreenPicker } from '../screens/ScreenPicker';
import { Alert } from '@shared/ui/Alert';
import { Button } from '@shared/ui/Button';
import { TextField } from '@shared/ui/TextField';
import { cronFor, dayPresets, useCreateSchedule, type DayPreset } from './schedules';

const select =
  'min-h-10 rounded-md border border-slate-300 dark:border-slate-600 bg-white dark:bg-slate-900 px-3 text-sm';

// A schedule in plain words (which days, from when to when), or a raw cron for experts.
export function ScheduleForm({ onDone }: { onDone: () => void }) {
  const create = useCreateSchedule();
  const { formatMessage } = useIntl();
  const playlists = usePlaylists();
  const [name, setName] = useState('');
  const [playlistId, setPlaylistId] = useState('');
  const [preset, setPreset] = useState<DayPreset | 'custom'>('weekdays');
  const [start, setStart] = useState('09:00');
  const [end, setEnd] = useState('11:00');
  const [cron, setCron] = useState('0 9 * * 1-5');
  const [minutes, setMinutes] = useState('120');
  const [timezone, setTimezone] = useState(Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
  const [priority, setPriority] = useState('50');
  const [allowOverride, setAllowOverride] = useState(true);
  const [startDate, setStartDate] = useState('');
  const [endDate, setEndDate] = useState('');
  const [screens, setScreens] = useState<string[]>([]);
  const [problem, setProblem] = useState('');
  const submit = () => {
    if (!name.trim() || !playlistId || screens.length === 0) {
      setProblem(formatMessage({ id: 'scheduleForm.problem' }));
      return;
    }
    setProblem('');
    const timing =
      preset === 'custom'
        ? { cron: cron.trim(), minutes: Number(minutes) || 0 }
        : cronFor(preset, start, end);
    create.mutate(
      {
        name: name.trim(),
        playlistId,
        deviceIds: screens,
        cronExpression: timing.cron,
        ...(timing.minutes ? { durationMinutes: timing.minutes } : {}),
        timezone,
        // Whole days in the browser's zone: from the first day's start to the last day's end.
        ...(startDate ? { startDate: new Date(`${startDate}T00:00:00`).toISOString() } : {}),
        ...(endDate ? { endDate: new Date(`${endDate}T23:59:59`).toISOString() } : {}),
        priority: Number(priority),
        isActive: true,
        allowOverride,
      },
      { onSuccess: onDone },
    );
  };
  return (
    <div className="flex flex-col gap-4">
      {(problem || create.error) && <Alert>{problem || describeError(create.error)}</Alert>}
      <TextField
        label={formatMessage({ id: 'scheduleForm.name' })}
        value={name}
        onChange={(e) => setName(e.target.value)}
        placeholder={formatMessage({ id: 'scheduleForm.nameHint' })}
      />
      <div className="flex flex-col gap-1">
        <label htmlFor="schedule-playlist" className="text-sm font-medium">
          <FormattedMessage id="scheduleForm.playlist" />
        </label>
        <select
          id="schedule-playlist"
          value={playlistId}
          onChange={(e) => setPlaylistId(e.target.value)}
          className={select}
        >
          <option value="">{formatMessage({ id: 'scheduleForm.choosePlaylist' })}</option>
          {(playlists.data?.items ?? []).map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="schedule-days" className="text-sm font-medium">
          <FormattedMessage id="scheduleForm.when" />
        </label>
        <select
          id="schedule-days"
          value={preset}
          onChange={(e) => setPreset(e.target.value as DayPreset | 'custom')}
          className={select}
        >
          {Object.entries(dayPresets).map(([key, p]) => (
            <option key={key} value={key}>
              {formatMessage({ id: p.label })}
            </option>
          ))}
          <option value="custom">{formatMessage({ id: 'scheduleForm.custom' })}</option>
        </select>
      </div>
      {preset === 'custom' ? (
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            label={formatMessage({ id: 'scheduleForm.cron' })}
            value={cron}
            onChange={(e) => setCron(e.target.value)}
            hint={formatMessage({ id: 'scheduleForm.cronHint' })}
          />
          <TextField
            label={formatMessage({ id: 'scheduleForm.minutes' })}
            type="number"
            min={1}
            value={minutes}
            onChange={(e) => setMinutes(e.target.value)}
          />
        </div>
      ) : (
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            label={formatMessage({ id: 'scheduleForm.from' })}
            type="time"
            value={start}
            onChange={(e) => setStart(e.target.value)}
          />
          <TextField
            label={formatMessage({ id: 'scheduleForm.until' })}
            type="time"
            value={end}
            onChange={(e) => setEnd(e.target.value)}
          />
        </div>
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          label={formatMessage({ id: 'scheduleForm.zone' })}
          value={timezone}
          onChange={(e) => setTimezone(e.target.value)}
        />
        <TextField
          label={formatMessage({ id: 'scheduleForm.priority' })}
          type="number"
          min={0}
          max={100}
          value={priority}
          onChange={(e) => setPriority(e.target.value)}
        />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          label={formatMessage({ id: 'scheduleForm.firstDay' })}
          type="date"
          value={startDate}
          onChange={(e) => setStartDate(e.target.value)}
        />
        <TextField
          label={formatMessage({ id: 'scheduleForm.lastDay' })}
          type="date"
          value={endDate}
          onChange={(e) => setEndDate(e.target.value)}
        />
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={allowOverride} onChange={(e) => setAllowOverride(e.target.checked)} />{' '}
        <FormattedMessage id="scheduleForm.override" />
      </label>
      <fieldset className="flex flex-col gap-1">
        <legend className="mb-1 text-sm font-medium">
          <FormattedMessage id="scheduleForm.screens" />
        </legend>
        <ScreenPicker chosen={screens} onChange={setScreens} />
      </fieldset>
      <div className="flex justify-end">
        <Button onClick={submit} busy={create.isPending}>
          <FormattedMessage id="scheduleForm.create" />
        </Button>
      </div>
    </div>
  );
}
