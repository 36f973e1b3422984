import { Bookmark, Check } from 'lucide-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { Alert } from '@shared/ui/Alert';
import { Button } from '@shared/ui/Button';
import { Modal } from '@shared/ui/Modal';
import { ApiError, describeError } from '../api/http';
import type { Video } from '../api/types';
import { useSession, useSignedInAction } from '../auth/session';
import { usePlaylistActions, usePlaylists } from './playlists';

// "Save": the viewer adds the video to one of their playlists (a playlist that has it says so).
export function SaveToPlaylist({ video }: { video: Video }) {
  const [open, setOpen] = useState(false);
  const signedIn = useSignedInAction();
  return (
    <>
      <button
        type="button"
        onClick={() => signedIn(() => setOpen(true))}
        className="flex min-h-9 items-center gap-2 rounded-full bg-slate-100 px-4 text-sm font-semibold dark:bg-slate-800"
      >
        <Bookmark size={18} aria-hidden />
        Save
      </button>
      <Modal open={open} onOpenChange={setOpen} title="Save to a playlist">
        {open && <Choices video={video} />}
      </Modal>
    </>
  );
}

function Choices({ video }: { video: Video }) {
  const session = useSession();
  const playlists = usePlaylists(session.data?.id);
  const { addVideo } = usePlaylistActions();
  const [saved, setSaved] = useState<Record<string, string>>({});
  if (!playlists.data) return null;
  if (playlists.data.docs.length === 0) {
    return (
      <p className="text-sm">
        You have no playlists yet.{' '}
        <Link to="/studio/playlists" className="font-medium text-blue-700 underline dark:text-blue-400">
          Make one in the studio
        </Link>
        .
      </p>
    );
  }
  const failure = addVideo.error instanceof ApiError && addVideo.error.status !== 409 ? addVideo.error : null;
  return (
    <ul className="flex flex-col gap-2">
      {failure && <Alert>{describeError(failure)}</Alert>}
      {playlists.data.docs.map((p) => (
        <li key={p.id} className="flex items-center justify-between gap-3">
          <span className="truncate">{p.name}</span>
          {saved[p.id] ? (
            <span className="flex items-center gap-1 text-sm text-emerald-700 dark:text-emerald-400">
              <Check size={16} aria-hidden /> {saved[p.id]}
            </span>
          ) : (
            <Button
              variant="secondary"
              aria-label={`Save to ${p.name}`}
              onClick={() =>
                addVideo.mutate(
                  { playlistId: p.id, videoId: video.id },
                  {
                    onSuccess: () => setSaved((s) => ({ ...s, [p.id]: 'Saved' })),
                    onError: (e) => {
                      if (e instanceof ApiError && e.status === 409)
                        setSaved((s) => ({ ...s, [p.id]: 'Already in it' }));
                    },
                  },
                )
              }
            >
              Save
            </Button>
          )}
        </li>
      ))}
    </ul>
  );
}
