import { Link2, ThumbsUp } from 'lucide-react';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert } from '@shared/ui/Alert';
import { Loading } from '@shared/ui/Loading';
import { describeError } from '../api/http';
import type { Video } from '../api/types';
import { useSession, useSignedInAction } from '../auth/session';
import { SubscribeButton } from '../channel/SubscribeButton';
import { Comments } from '../comments/Comments';
import { SaveToPlaylist } from '../playlists/SaveToPlaylist';
import { formatAge, formatCount, formatViews } from '../videos/format';
import { useChannel, useToggleLike } from '../videos/social';
import { VideoCard } from '../videos/VideoCard';
import { useVideo, useVideoFeed } from '../videos/videos';
import { HlsPlayer } from '../watch/HlsPlayer';

// One video: the player, what it is and whose, like, subscribe, share, and more from the channel.
export function Watch() {
  const { videoId = '' } = useParams();
  const video = useVideo(videoId);
  if (video.isPending) return <Loading label="Loading video" />;
  if (video.error) return <Alert>{describeError(video.error)}</Alert>;
  const v = video.data;
  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_360px]">
      <div className="flex min-w-0 flex-col gap-3">
        <HlsPlayer src={v.hlsUrl} fallback={v.videoFileUrl} title={v.title} />
        {v.status === 'processing' && (
          <p role="status" className="text-sm text-slate-600 dark:text-slate-400">
            Other qualities are being made ({v.processing?.percent ?? 0} %): the original plays meanwhile.
          </p>
        )}
        <h1 className="text-xl font-bold leading-snug">{v.title}</h1>
        <div className="flex flex-wrap items-center justify-between gap-3">
          <ChannelRow video={v} />
          <div className="flex items-center gap-2">
            <LikeButton video={v} />
            <SaveToPlaylist video={v} />
            <ShareButton />
          </div>
        </div>
        <div className="rounded-xl bg-slate-100 p-3 text-sm dark:bg-slate-900">
          <p className="font-semibold">
            {formatViews(v.views)} · {formatAge(v.createdAt)}
          </p>
          {v.description && <p className="mt-2 whitespace-pre-line">{v.description}</p>}
        </div>
        <Comments video={v} />
      </div>
      <UpNext video={v} />
    </div>
  );
}

function ChannelRow({ video }: { video: Video }) {
  const channel = useChannel(video.owner.username);
  const session = useSession();
  return (
    <div className="flex items-center gap-3">
      <Link to={`/c/${video.owner.username}`} className="flex items-center gap-3">
        <img src={video.owner.avatar} alt="" className="h-10 w-10 rounded-full object-cover" />
        <span>
          <span className="block font-semibold">{video.owner.fullname}</span>
          {channel.data && (
            <span className="block text-xs text-slate-600 dark:text-slate-400">
              {formatCount(channel.data.subscriberCount)}{' '}
              {channel.data.subscriberCount === 1 ? 'subscriber' : 'subscribers'}
            </span>
          )}
        </span>
      </Link>
      {channel.data && session.data?.id !== video.owner.id && <SubscribeButton channel={channel.data} />}
    </div>
  );
}

function LikeButton({ video }: { video: Video }) {
  const signedIn = useSignedInAction();
  const toggle = useToggleLike(video);
  return (
    <button
      type="button"
      aria-pressed={Boolean(video.isLiked)}
      disabled={toggle.isPending}
      onClick={() => signedIn(() => toggle.mutate())}
      className="flex min-h-9 items-center gap-2 rounded-full bg-slate-100 px-4 text-sm font-semibold dark:bg-slate-800"
    >
      <ThumbsUp size={18} aria-hidden fill={video.isLiked ? 'currentColor' : 'none'} />
      <span className="sr-only">Like</span> {formatCount(video.likesCount ?? 0)}
    </button>
  );
}

function ShareButton() {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      onClick={() => {
        void navigator.clipboard?.writeText(location.href).then(() => setCopied(true));
        setTimeout(() => setCopied(false), 2000);
      }}
      className="flex min-h-9 items-center gap-2 rounded-full bg-slate-100 px-4 text-sm font-semibold dark:bg-slate-800"
    >
      <Link2 size={18} aria-hidden />
      <span aria-live="polite">{copied ? 'Link copied' : 'Share'}</span>
    </button>
  );
}

// More from the same channel.
function UpNext({ video }: { video: Video }) {
  const feed = useVideoFeed({ userId: video.owner.id });
  const next = (feed.data?.pages[0]?.docs ?? []).filter((v) => v.id !== video.id).slice(0, 12);
  if (next.length === 0) return null;
  return (
    <aside aria-label="Up next" className="flex flex-col gap-4">
      <h2 className="font-semibold">More from {video.owner.fullname}</h2>
      {next.map((v) => (
        <VideoCard key={v.id} video={v} />
      ))}
    </aside>
  );
}
