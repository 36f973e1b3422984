import { ListVideo, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { Alert } from '@shared/ui/Alert';
import { Button } from '@shared/ui/Button';
import { EmptyState } from '@shared/ui/EmptyState';
import { Loading } from '@shared/ui/Loading';
import { TextField } from '@shared/ui/TextField';
import { describeError, fieldErrorsOf } from '../api/http';
import { useSession } from '../auth/session';
import { usePlaylistActions, usePlaylists } from '../playlists/playlists';

// The viewer's playlists: a new one, each with its size, and delete.
export function PlaylistsManager() {
  const session = useSession();
  const playlists = usePlaylists(session.data?.id);
  const { create, remove } = usePlaylistActions();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const fieldErrors = fieldErrorsOf(create.error);
  return (
    <section aria-labelledby="playlists-heading" className="flex max-w-2xl flex-col gap-6">
      <h1 id="playlists-heading" className="text-2xl font-bold">
        Playlists
      </h1>
      <form
        className="flex flex-col gap-3 rounded-xl border border-slate-200 p-4 dark:border-slate-800"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate(
            { name: name.trim(), description: description.trim() },
            {
              onSuccess: () => {
                setName('');
                setDescription('');
              },
            },
          );
        }}
      >
        <h2 className="font-semibold">New playlist</h2>
        <TextField
          label="Name"
          required
          maxLength={100}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={fieldErrors.name}
        />
        <TextField
          label="About it"
          maxLength={1000}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          error={fieldErrors.description}
        />
        {create.error && !Object.keys(fieldErrors).length && <Alert>{describeError(create.error)}</Alert>}
        <Button type="submit" className="self-end" busy={create.isPending} disabled={!name.trim()}>
          Create playlist
        </Button>
      </form>
      {remove.error && <Alert>{describeError(remove.error)}</Alert>}
      {playlists.isPending ? (
        <Loading label="Loading playlists" />
      ) : playlists.error ? (
        <Alert>{describeError(playlists.error)}</Alert>
      ) : playlists.data.docs.length === 0 ? (
        <EmptyState title="No playlists yet">Make one, then save videos to it from their pages.</EmptyState>
      ) : (
        <ul aria-label="Your playlists" className="flex flex-col gap-2">
          {playlists.data.docs.map((p) => (
            <li
              key={p.id}
              className="flex items-center gap-3 rounded-xl border border-slate-200 p-3 dark:border-slate-800"
            >
              <ListVideo aria-hidden />
              <Link to={`/playlist/${p.id}`} className="min-w-0 flex-1">
                <span className="block truncate font-semibold">{p.name}</span>
                <span className="block text-sm text-slate-600 dark:text-slate-400">
                  {p.videoCount} {p.videoCount === 1 ? 'video' : 'videos'}
                </span>
              </Link>
              <Button
                variant="ghost"
                aria-label={`Delete playlist ${p.name}`}
                onClick={() => remove.mutate(p.id)}
              >
                <Trash2 size={16} aria-hidden />
              </Button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
