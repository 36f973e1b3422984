import { useState } from 'react';
import { describeError } from '../api/http';
import { usePlaylists } from '../playlists/playlists';
import { useDevices } from '../screens/devices';
import { Alert } from '@shared/ui/Alert';
import { Button } from '@shared/ui/Button';
import { CheckboxList } from '@shared/ui/CheckboxList';
import { TextField } from '@shared/ui/TextField';
import { cronFor, dayPresets, useCreateSchedule, type DayPreset } from './schedules';

const select =
  'min-h-10 rounded-md border border-slate-300 dark:border-slate-600 bg-white dark:bg-slate-900 px-3 text-sm';

// A schedule in plain words (which days, from when to when), or a raw cron for experts.
export function ScheduleForm({ onDone }: { onDone: () => void }) {
  const create = useCreateSchedule();
  const playlists = usePlaylists();
  const devices = useDevices();
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
      setProblem('Give the schedule a name, a playlist and at least one screen.');
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
        label="Name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        placeholder="Breakfast menu"
      />
      <div className="flex flex-col gap-1">
        <label htmlFor="schedule-playlist" className="text-sm font-medium">
          Playlist
        </label>
        <select
          id="schedule-playlist"
          value={playlistId}
          onChange={(e) => setPlaylistId(e.target.value)}
          className={select}
        >
          <option value="">Choose a playlist…</option>
          {(playlists.data?.items ?? []).map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="schedule-days" className="text-sm font-medium">
          When
        </label>
        <select
          id="schedule-days"
          value={preset}
          onChange={(e) => setPreset(e.target.value as DayPreset | 'custom')}
          className={select}
        >
          {Object.entries(dayPresets).map(([key, p]) => (
            <option key={key} value={key}>
              {p.label}
            </option>
          ))}
          <option value="custom">Custom (cron expression)</option>
        </select>
      </div>
      {preset === 'custom' ? (
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            label="Cron expression"
            value={cron}
            onChange={(e) => setCron(e.target.value)}
            hint="minute hour day month weekday, e.g. 0 9 * * 1-5"
          />
          <TextField
            label="Minutes it lasts"
            type="number"
            min={1}
            value={minutes}
            onChange={(e) => setMinutes(e.target.value)}
          />
        </div>
      ) : (
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField label="From" type="time" value={start} onChange={(e) => setStart(e.target.value)} />
          <TextField label="Until" type="time" value={end} onChange={(e) => setEnd(e.target.value)} />
        </div>
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label="Time zone" value={timezone} onChange={(e) => setTimezone(e.target.value)} />
        <TextField
          label="Priority (0–100)"
          type="number"
          min={0}
          max={100}
          value={priority}
          onChange={(e) => setPriority(e.target.value)}
        />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          label="First day (optional)"
          type="date"
          value={startDate}
          onChange={(e) => setStartDate(e.target.value)}
        />
        <TextField
          label="Last day (optional)"
          type="date"
          value={endDate}
          onChange={(e) => setEndDate(e.target.value)}
        />
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={allowOverride} onChange={(e) => setAllowOverride(e.target.checked)} />{' '}
        Publishing now may interrupt it
      </label>
      <fieldset className="flex flex-col gap-1">
        <legend className="mb-1 text-sm font-medium">Screens</legend>
        <CheckboxList
          options={devices.items.map((d) => ({ id: d.id, label: d.nickname }))}
          chosen={screens}
          onChange={setScreens}
        />
      </fieldset>
      <div className="flex justify-end">
        <Button onClick={submit} busy={create.isPending}>
          Create schedule
        </Button>
      </div>
    </div>
  );
}
