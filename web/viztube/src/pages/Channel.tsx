import { ListVideo } from 'lucide-react';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { Alert } from '@shared/ui/Alert';
import { Button } from '@shared/ui/Button';
import { EmptyState } from '@shared/ui/EmptyState';
import { Loading } from '@shared/ui/Loading';
import { TextArea } from '@shared/ui/TextArea';
import { describeError } from '../api/http';
import { useSession } from '../auth/session';
import { usePostActions, usePosts } from '../channel/channel';
import { SubscribeButton } from '../channel/SubscribeButton';
import { usePlaylists } from '../playlists/playlists';
import { formatAge, formatCount } from '../videos/format';
import { useChannel, type Channel as ChannelInfo } from '../videos/social';
import { VideoGrid } from '../videos/VideoGrid';
import { useVideoFeed } from '../videos/videos';

const tabs = [
  { id: 'videos', label: 'Videos' },
  { id: 'posts', label: 'Posts' },
  { id: 'playlists', label: 'Playlists' },
] as const;

// A channel: its cover, avatar and audience, then its videos, posts or playlists (?tab=).
export function Channel() {
  const { username = '' } = useParams();
  const channel = useChannel(username);
  const session = useSession();
  const [params] = useSearchParams();
  const tab = tabs.find((t) => t.id === params.get('tab'))?.id ?? 'videos';
  if (channel.isPending) return <Loading label="Loading channel" />;
  if (channel.error) return <Alert>{describeError(channel.error)}</Alert>;
  const c = channel.data;
  const own = session.data?.id === c.id;
  return (
    <div className="flex flex-col gap-6">
      <header className="flex flex-col gap-4">
        {c.coverImage ? (
          <img src={c.coverImage} alt="" className="aspect-[6/1] w-full rounded-xl object-cover" />
        ) : (
          <div
            aria-hidden
            className="aspect-[6/1] w-full rounded-xl bg-gradient-to-r from-red-500 to-indigo-600"
          />
        )}
        <div className="flex flex-wrap items-center gap-4">
          <img src={c.avatar} alt="" className="h-16 w-16 rounded-full object-cover sm:h-24 sm:w-24" />
          <div className="min-w-0 flex-1">
            <h1 className="text-2xl font-bold">{c.fullname}</h1>
            <p className="text-sm text-slate-600 dark:text-slate-400">
              @{c.username} · {formatCount(c.subscriberCount)}{' '}
              {c.subscriberCount === 1 ? 'subscriber' : 'subscribers'}
            </p>
          </div>
          {own ? (
            <Link
              to="/studio"
              className="rounded-full bg-slate-100 px-4 py-2 text-sm font-semibold dark:bg-slate-800"
            >
              Studio
            </Link>
          ) : (
            <SubscribeButton channel={c} />
          )}
        </div>
        <nav aria-label="Channel" className="flex gap-1 border-b border-slate-200 dark:border-slate-800">
          {tabs.map((t) => (
            <Link
              key={t.id}
              to={t.id === 'videos' ? '.' : `?tab=${t.id}`}
              aria-current={tab === t.id ? 'page' : undefined}
              className={`-mb-px border-b-2 px-4 py-2 text-sm font-semibold ${
                tab === t.id
                  ? 'border-slate-900 dark:border-white'
                  : 'border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-white'
              }`}
            >
              {t.label}
            </Link>
          ))}
        </nav>
      </header>
      {tab === 'videos' && <ChannelVideos channel={c} />}
      {tab === 'posts' && <Posts channel={c} own={own} />}
      {tab === 'playlists' && <Playlists channel={c} />}
    </div>
  );
}

function ChannelVideos({ channel }: { channel: ChannelInfo }) {
  const feed = useVideoFeed({ userId: channel.id });
  return (
    <VideoGrid
      feed={feed}
      empty={<EmptyState title="No videos yet">{channel.fullname} has not published a video.</EmptyState>}
    />
  );
}

function Posts({ channel, own }: { channel: ChannelInfo; own: boolean }) {
  const posts = usePosts(channel.id);
  const { post, remove } = usePostActions(channel.id);
  const [text, setText] = useState('');
  if (posts.isPending) return <Loading label="Loading posts" />;
  if (posts.error) return <Alert>{describeError(posts.error)}</Alert>;
  const all = posts.data.pages.flatMap((p) => p.docs);
  return (
    <section aria-label="Posts" className="flex max-w-2xl flex-col gap-4">
      {own && (
        <form
          className="flex flex-col gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            if (text.trim()) post.mutate(text.trim(), { onSuccess: () => setText('') });
          }}
        >
          <TextArea
            label="Share something with your subscribers"
            rows={3}
            maxLength={2000}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          {post.error && <Alert>{describeError(post.error)}</Alert>}
          <Button type="submit" className="self-end" busy={post.isPending} disabled={!text.trim()}>
            Post
          </Button>
        </form>
      )}
      {all.length === 0 && (
        <EmptyState title="No posts yet">Posts from {channel.fullname} appear here.</EmptyState>
      )}
      <ol className="flex flex-col gap-3">
        {all.map((t) => (
          <li key={t.id} className="rounded-xl border border-slate-200 p-4 dark:border-slate-800">
            <p className="text-xs text-slate-600 dark:text-slate-400">{formatAge(t.createdAt)}</p>
            <p className="mt-1 whitespace-pre-line break-words">{t.content}</p>
            {own && (
              <Button variant="ghost" className="mt-2" onClick={() => remove.mutate(t.id)}>
                Delete
              </Button>
            )}
          </li>
        ))}
      </ol>
      {posts.hasNextPage && (
        <Button
          variant="secondary"
          busy={posts.isFetchingNextPage}
          onClick={() => void posts.fetchNextPage()}
        >
          More posts
        </Button>
      )}
    </section>
  );
}

function Playlists({ channel }: { channel: ChannelInfo }) {
  const playlists = usePlaylists(channel.id);
  if (playlists.isPending) return <Loading label="Loading playlists" />;
  if (playlists.error) return <Alert>{describeError(playlists.error)}</Alert>;
  if (playlists.data.docs.length === 0) {
    return <EmptyState title="No playlists yet">{channel.fullname} has not made a playlist.</EmptyState>;
  }
  return (
    <ul aria-label="Playlists" className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3">
      {playlists.data.docs.map((p) => (
        <li key={p.id}>
          <Link
            to={`/playlist/${p.id}`}
            className="flex items-center gap-3 rounded-xl border border-slate-200 p-4 hover:bg-slate-50 dark:border-slate-800 dark:hover:bg-slate-900"
          >
            <ListVideo aria-hidden />
            <span className="min-w-0">
              <span className="block truncate font-semibold">{p.name}</span>
              <span className="block text-sm text-slate-600 dark:text-slate-400">
                {p.videoCount} {p.videoCount === 1 ? 'video' : 'videos'}
              </span>
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
