import { useSearchParams } from 'react-router';
import { EmptyState } from '@shared/ui/EmptyState';
import { VideoGrid } from '../videos/VideoGrid';
import { useVideoFeed } from '../videos/videos';

// The home grid of published videos, or the results of the header's search (?q=).
export function Home() {
  const [params] = useSearchParams();
  const query = params.get('q') ?? '';
  const feed = useVideoFeed(query ? { query } : {});
  return (
    <section aria-label={query ? `Results for ${query}` : 'Videos'}>
      {query && feed.data && (
        <h1 className="mb-4 text-lg font-semibold">
          {feed.data.pages[0]?.totalDocs ?? 0} results for “{query}”
        </h1>
      )}
      <VideoGrid
        feed={feed}
        empty={
          <EmptyState title={query ? 'Nothing matches that search' : 'No videos yet'}>
            {query ? 'Try other words.' : 'Sign in and upload the first one.'}
          </EmptyState>
        }
      />
    </section>
  );
}
