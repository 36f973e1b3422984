import { useState } from 'react';
import { Alert } from '@shared/ui/Alert';
import { Button } from '@shared/ui/Button';
import { TextField } from '@shared/ui/TextField';
import { TextArea } from '@shared/ui/TextArea';
import { describeError, fieldErrorsOf } from '../api/http';
import type { Video } from '../api/types';
import { useVideoActions } from './studio';

// A video's title, description and thumbnail, changed by its owner.
export function EditVideoForm({ video, onDone }: { video: Video; onDone: () => void }) {
  const { update } = useVideoActions();
  const [title, setTitle] = useState(video.title);
  const [description, setDescription] = useState(video.description);
  const [thumbnail, setThumbnail] = useState<File | null>(null);
  const fieldErrors = fieldErrorsOf(update.error);
  return (
    <form
      className="flex flex-col gap-4"
      onSubmit={(e) => {
        e.preventDefault();
        update.mutate({ id: video.id, title: title.trim(), description, thumbnail }, { onSuccess: onDone });
      }}
    >
      <TextField
        label="Title"
        required
        maxLength={200}
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        error={fieldErrors.title}
      />
      <TextArea
        label="Description"
        rows={4}
        maxLength={5000}
        value={description}
        onChange={(e) => setDescription(e.target.value)}
        error={fieldErrors.description}
      />
      <TextField
        label="New thumbnail"
        type="file"
        accept="image/jpeg,image/png,image/webp"
        hint="Optional: a JPEG, PNG or WebP picture up to 10 MB"
        onChange={(e) => setThumbnail(e.target.files?.[0] ?? null)}
        error={fieldErrors.thumbnail}
      />
      {update.error && !Object.keys(fieldErrors).length && <Alert>{describeError(update.error)}</Alert>}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" busy={update.isPending}>
          Save
        </Button>
      </div>
    </form>
  );
}
