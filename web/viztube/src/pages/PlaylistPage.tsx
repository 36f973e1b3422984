import { X } from 'lucide-react';
import { Link, useParams } from 'react-router';
import { Alert } from '@shared/ui/Alert';
import { Button } from '@shared/ui/Button';
import { EmptyState } from '@shared/ui/EmptyState';
import { Loading } from '@shared/ui/Loading';
import { describeError } from '../api/http';
import { useSession } from '../auth/session';
import { usePlaylist, usePlaylistActions } from '../playlists/playlists';
import { VideoCard } from '../videos/VideoCard';

// One playlist: what it is, whose, and its videos in order; its owner takes videos out.
export function PlaylistPage() {
  const { playlistId = '' } = useParams();
  const playlist = usePlaylist(playlistId);
  const session = useSession();
  const { removeVideo } = usePlaylistActions();
  if (playlist.isPending) return <Loading label="Loading playlist" />;
  if (playlist.error) return <Alert>{describeError(playlist.error)}</Alert>;
  const p = playlist.data;
  const own = session.data?.id === p.owner.id;
  const videos = p.videos ?? [];
  return (
    <div className="flex flex-col gap-6">
      <header>
        <h1 className="text-2xl font-bold">{p.name}</h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          <Link to={`/c/${p.owner.username}`} className="font-medium">
            {p.owner.fullname}
          </Link>{' '}
          · {videos.length} {videos.length === 1 ? 'video' : 'videos'}
        </p>
        {p.description && <p className="mt-2 whitespace-pre-line">{p.description}</p>}
      </header>
      {removeVideo.error && <Alert>{describeError(removeVideo.error)}</Alert>}
      {videos.length === 0 ? (
        <EmptyState title="This playlist is empty">Save videos to it from their pages.</EmptyState>
      ) : (
        <ol className="grid grid-cols-1 gap-x-4 gap-y-8 sm:grid-cols-2 lg:grid-cols-3 2xl:grid-cols-4">
          {videos.map((v) => (
            <li key={v.id} className="relative">
              <VideoCard video={v} />
              {own && (
                <Button
                  variant="secondary"
                  className="absolute right-2 top-2"
                  aria-label={`Remove ${v.title} from the playlist`}
                  onClick={() => removeVideo.mutate({ playlistId: p.id, videoId: v.id })}
                >
                  <X size={16} aria-hidden />
                </Button>
              )}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
