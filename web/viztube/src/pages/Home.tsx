import { useEffect, useRef } from 'react';
import { useSearchParams } from 'react-router';
import { Alert } from '@shared/ui/Alert';
import { EmptyState } from '@shared/ui/EmptyState';
import { Loading } from '@shared/ui/Loading';
import { describeError } from '../api/http';
import { VideoCard } from '../videos/VideoCard';
import { useVideoFeed } from '../videos/videos';

// The home grid of published videos, or the results of the header's search (?q=); the next
// page loads as the end of the grid scrolls into view.
export function Home() {
  const [params] = useSearchParams();
  const query = params.get('q') ?? '';
  const feed = useVideoFeed(query ? { query } : {});
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
  return (
    <section aria-label={query ? `Results for ${query}` : 'Videos'}>
      {query && (
        <h1 className="mb-4 text-lg font-semibold">
          {feed.data.pages[0]?.totalDocs ?? 0} results for “{query}”
        </h1>
      )}
      {videos.length === 0 ? (
        <EmptyState title={query ? 'Nothing matches that search' : 'No videos yet'}>
          {query ? 'Try other words.' : 'Sign in and upload the first one.'}
        </EmptyState>
      ) : (
        <div className="grid grid-cols-1 gap-x-4 gap-y-8 sm:grid-cols-2 lg:grid-cols-3 2xl:grid-cols-4">
          {videos.map((v) => (
            <VideoCard key={v.id} video={v} />
          ))}
        </div>
      )}
      <div ref={end} aria-hidden />
      {isFetchingNextPage && <Loading label="Loading more videos" rows={1} />}
    </section>
  );
}
