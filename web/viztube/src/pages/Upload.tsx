import { Pause, Play, UploadCloud } from 'lucide-react';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert } from '@shared/ui/Alert';
import { Button } from '@shared/ui/Button';
import { ProgressBar } from '@shared/ui/ProgressBar';
import { TextField } from '@shared/ui/TextField';
import { TextArea } from '@shared/ui/TextArea';
import { describeError, fieldErrorsOf } from '../api/http';
import { clearDraft, loadDraft, saveDraft } from '../upload/draft';
import { useResumableUpload, type UploadState } from '../upload/resumable';
import { formatBytes } from '../videos/format';
import { useCreateVideo } from '../videos/videos';

const maxVideoBytes = 100 * 1024 * 1024; // the contract's limit: refused here before a byte goes

// A new video: its file goes with tus (pause, resume, a reload loses nothing), then it is
// created with its title and the page follows its conversion.
export function Upload() {
  const navigate = useNavigate();
  const [draft] = useState(loadDraft);
  const [file, setFile] = useState<File | null>(null);
  const [title, setTitle] = useState(draft?.title ?? '');
  const [description, setDescription] = useState(draft?.description ?? '');
  const [fileError, setFileError] = useState('');
  const { state, start, pause, resume } = useResumableUpload();
  const create = useCreateVideo();
  const { mutate } = create;

  // The bytes are all there: the video is made from them, once.
  const uploadId = state.phase === 'sent' ? state.uploadId : '';
  useEffect(() => {
    if (!uploadId) return;
    mutate(
      { title: title.trim(), description, uploadId },
      {
        onSuccess: (video) => {
          clearDraft();
          navigate(`/upload/${video.id}`, { replace: true });
        },
      },
    );
    // Only a new upload id creates a video (the texts were fixed when the upload began).
  }, [uploadId]);

  const busy = state.phase === 'sending' || state.phase === 'paused' || state.phase === 'sent';
  const resuming = draft && file && file.name === draft.fileName && file.size === draft.fileSize;
  const fieldErrors = fieldErrorsOf(create.error);

  return (
    <form
      className="mx-auto flex max-w-xl flex-col gap-4"
      onSubmit={(e) => {
        e.preventDefault();
        if (!file) return;
        saveDraft({ title, description, fileName: file.name, fileSize: file.size });
        void start(file);
      }}
    >
      <h1 className="text-2xl font-bold">Upload a video</h1>
      {draft && state.phase === 'idle' && (
        <Alert tone="info">
          Your upload of “{draft.fileName}” ({formatBytes(draft.fileSize)}) was interrupted. Choose the same
          file again to continue where it stopped.
        </Alert>
      )}
      <TextField
        label="Video file"
        type="file"
        accept="video/*"
        required
        disabled={busy}
        hint="Up to 100 MB. Any common format: it is converted for every screen."
        error={fileError}
        onChange={(e) => {
          const chosen = e.target.files?.[0] ?? null;
          setFileError(chosen && chosen.size > maxVideoBytes ? 'This file is larger than 100 MB.' : '');
          setFile(chosen && chosen.size <= maxVideoBytes ? chosen : null);
          if (chosen && chosen.size <= maxVideoBytes && !title)
            setTitle(chosen.name.replace(/\.[^.]+$/, '').slice(0, 200));
        }}
      />
      <TextField
        label="Title"
        required
        maxLength={200}
        disabled={busy}
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        error={fieldErrors.title}
      />
      <TextArea
        label="Description"
        rows={4}
        maxLength={5000}
        disabled={busy}
        value={description}
        onChange={(e) => setDescription(e.target.value)}
        error={fieldErrors.description}
      />
      {state.phase === 'failed' && <Alert>{state.message}</Alert>}
      {create.error && <Alert>{describeError(create.error)}</Alert>}
      {busy ? (
        <Progress state={state} creating={create.isPending} onPause={pause} onResume={resume} />
      ) : (
        <Button type="submit" disabled={!file}>
          <UploadCloud size={18} aria-hidden />
          {state.phase === 'failed' ? 'Try again' : resuming ? 'Continue upload' : 'Upload'}
        </Button>
      )}
    </form>
  );
}

function Progress({
  state,
  creating,
  onPause,
  onResume,
}: {
  state: UploadState;
  creating: boolean;
  onPause: () => void;
  onResume: () => void;
}) {
  if (state.phase === 'sent') {
    return <p role="status">{creating ? 'Uploaded. Creating the video…' : 'Uploaded.'}</p>;
  }
  if (state.phase !== 'sending' && state.phase !== 'paused') return null;
  const percent = state.total > 0 ? (state.sent / state.total) * 100 : 0;
  return (
    <div className="flex flex-col gap-2">
      <ProgressBar label="Upload progress" percent={percent} />
      <div className="flex items-center justify-between gap-3 text-sm">
        <p role="status" className="text-slate-700 dark:text-slate-300">
          {state.phase === 'paused' ? 'Paused at ' : ''}
          {Math.floor(percent)} % · {formatBytes(state.sent)} of {formatBytes(state.total)}
          {state.resumedAt > 0 && ` · continued from ${formatBytes(state.resumedAt)}`}
        </p>
        {state.phase === 'sending' ? (
          <Button variant="secondary" onClick={onPause}>
            <Pause size={16} aria-hidden /> Pause
          </Button>
        ) : (
          <Button variant="secondary" onClick={onResume}>
            <Play size={16} aria-hidden /> Resume
          </Button>
        )}
      </div>
    </div>
  );
}
