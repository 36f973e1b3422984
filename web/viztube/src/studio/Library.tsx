import { EmptyState } from '@shared/ui/EmptyState';
import { VideoGrid } from '../videos/VideoGrid';
import { useVideoPages } from '../videos/videos';

// A list of the viewer's own, newest first, as a grid: what they watched, what they liked.
function Library({ title, path, empty }: { title: string; path: string; empty: string }) {
  const feed = useVideoPages(['studio', path], path);
  return (
    <section aria-label={title} className="flex flex-col gap-4">
      <h1 className="text-2xl font-bold">{title}</h1>
      <VideoGrid
        feed={feed}
        empty={<EmptyState title={`No ${title.toLowerCase()} yet`}>{empty}</EmptyState>}
      />
    </section>
  );
}

export const History = () => (
  <Library title="Watch history" path="/api/v2/user/watch-history" empty="Videos you watch appear here." />
);

export const Liked = () => (
  <Library title="Liked videos" path="/api/v2/likes/videos" empty="Videos you like appear here." />
);
