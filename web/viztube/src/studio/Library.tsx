import { EmptyState } from '@shared/ui/EmptyState';
import { VideoGrid } from '../videos/VideoGrid';
import { useVideoPages } from '../videos/videos';

// What the viewer watched, latest first.
export function History() {
  const feed = useVideoPages(['studio', 'history'], '/api/v2/user/watch-history');
  return (
    <section aria-labelledby="history-heading" className="flex flex-col gap-4">
      <h1 id="history-heading" className="text-2xl font-bold">
        Watch history
      </h1>
      <VideoGrid
        feed={feed}
        empty={<EmptyState title="Nothing watched yet">Videos you watch appear here.</EmptyState>}
      />
    </section>
  );
}

// What the viewer liked.
export function Liked() {
  const feed = useVideoPages(['studio', 'liked'], '/api/v2/likes/videos');
  return (
    <section aria-labelledby="liked-heading" className="flex flex-col gap-4">
      <h1 id="liked-heading" className="text-2xl font-bold">
        Liked videos
      </h1>
      <VideoGrid
        feed={feed}
        empty={<EmptyState title="No liked videos">Videos you like appear here.</EmptyState>}
      />
    </section>
  );
}
