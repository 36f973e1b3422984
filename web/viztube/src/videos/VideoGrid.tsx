import { useEffect, useRef, type ReactNode } from 'react';
import { Alert } from '@shared/ui/Alert';
import { Loading } from '@shared/ui/Loading';
import { describeError } from '../api/http';
import { VideoCard } from './VideoCard';
import type { VideoPages } from './videos';

// A feed of videos as a grid of cards; the next page loads as the end of the grid scrolls
// into view (the home page, search results, a channel's videos).
export function VideoGrid({ feed, empty }: { feed: VideoPages; empty: ReactNode }) {
  const end = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = feed;

  useEffect(() => {
    const target = end.current;
    if (!target || !hasNextPage) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
      },
      { rootMargin: '600px' },
    );
    observer.observe(target);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  if (feed.isPending) return <Loading label="Loading videos" rows={6} />;
  if (feed.error) return <Alert>{describeError(feed.error)}</Alert>;
  const videos = feed.data.pages.flatMap((p) => p.docs);
  if (videos.length === 0) return <>{empty}</>;
  return (
    <>
      <div className="grid grid-cols-1 gap-x-4 gap-y-8 sm:grid-cols-2 lg:grid-cols-3 2xl:grid-cols-4">
        {videos.map((v) => (
          <VideoCard key={v.id} video={v} />
        ))}
      </div>
      <div ref={end} aria-hidden />
      {isFetchingNextPage && <Loading label="Loading more videos" rows={1} />}
    </>
  );
}
