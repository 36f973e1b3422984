import { useQueryClient } from '@tanstack/react-query';
import { UploadCloud } from 'lucide-react';
import { useId, useRef, useState, type DragEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { ProgressBar } from '@shared/ui/ProgressBar';
import { describeError } from '../api/http';
import { uploadFile } from '../api/upload';
import { addContent } from './content';

interface Upload {
  key: string;
  name: string;
  progress: number; // 0..1
  error?: string;
  done: boolean;
}

const titleOf = (file: File): string => file.name.replace(/\.[^.]+$/, '') || file.name;

// Drop files here or choose them: each uploads on its own with a progress bar; once stored the
// item appears in the library as "processing" and turns "ready" when the server says so.
export function UploadZone() {
  const client = useQueryClient();
  const { formatMessage, formatNumber } = useIntl();
  const input = useRef<HTMLInputElement>(null);
  const hint = useId();
  const [dragging, setDragging] = useState(false);
  const [uploads, setUploads] = useState<Upload[]>([]);

  const update = (key: string, change: Partial<Upload>) =>
    setUploads((all) => all.map((u) => (u.key === key ? { ...u, ...change } : u)));

  const start = (files: FileList | null) => {
    for (const file of Array.from(files ?? [])) {
      const key = `${file.name}-${Date.now()}-${Math.random()}`;
      setUploads((all) => [...all, { key, name: file.name, progress: 0, done: false }]);
      uploadFile(file, titleOf(file), (progress) => update(key, { progress }))
        .then(() => {
          addContent(client);
          update(key, { done: true, progress: 1 });
        })
        .catch((error: unknown) => update(key, { error: describeError(error) }));
    }
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    start(e.dataTransfer.files);
  };

  return (
    <section aria-label={formatMessage({ id: 'upload.region' })} className="flex flex-col gap-3">
      <div
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        className={`flex flex-col items-center gap-2 rounded-lg border-2 border-dashed px-6 py-8 text-center ${dragging ? 'border-indigo-500 bg-indigo-50 dark:bg-indigo-950' : 'border-slate-300 dark:border-slate-600 bg-white dark:bg-slate-900'}`}
      >
        <UploadCloud aria-hidden="true" className="text-slate-500 dark:text-slate-400" />
        <p id={hint} className="text-sm text-slate-700 dark:text-slate-300">
          <FormattedMessage id="upload.drop" />
        </p>
        <button
          type="button"
          onClick={() => input.current?.click()}
          aria-describedby={hint}
          className="rounded-md border border-slate-300 dark:border-slate-600 px-3 py-2 text-sm font-medium hover:bg-slate-50 dark:hover:bg-slate-800"
        >
          <FormattedMessage id="upload.choose" />
        </button>
        <input
          ref={input}
          type="file"
          multiple
          hidden
          aria-label={formatMessage({ id: 'upload.files' })}
          onChange={(e) => {
            start(e.target.files);
            e.target.value = '';
          }}
        />
      </div>
      {uploads.length > 0 && (
        <ul aria-label={formatMessage({ id: 'upload.list' })} className="flex flex-col gap-2">
          {uploads.map((u) => (
            <li
              key={u.key}
              className="rounded-md border border-slate-200 dark:border-slate-700 bg-white dark:bg-slate-900 p-3 text-sm"
            >
              <div className="flex justify-between gap-4">
                <span className="truncate font-medium">{u.name}</span>
                <span className="text-slate-600 dark:text-slate-400">
                  {u.error
                    ? formatMessage({ id: 'upload.failed' })
                    : u.done
                      ? formatMessage({ id: 'upload.done' })
                      : formatNumber(u.progress, { style: 'percent' })}
                </span>
              </div>
              <div className="mt-2">
                <ProgressBar
                  label={formatMessage({ id: 'upload.progress' }, { name: u.name })}
                  percent={u.progress * 100}
                  failed={Boolean(u.error)}
                />
              </div>
              {u.error && <p className="mt-1 text-red-700 dark:text-red-400">{u.error}</p>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
