import { Link } from 'react-router';
import type { Video } from '../api/types';
import { formatAge, formatDuration, formatViews } from './format';

// A thumbnail with its length, the title, the channel and how often and when: one cell of a
// grid of videos.
export function VideoCard({ video }: { video: Video }) {
  return (
    <article className="flex flex-col gap-2">
      <Link to={`/watch/${video.id}`} className="group relative block overflow-hidden rounded-xl">
        <img
          src={video.thumbnailUrl}
          alt=""
          loading="lazy"
          className="aspect-video w-full bg-slate-200 object-cover transition-transform group-hover:scale-[1.02] dark:bg-slate-800"
        />
        <span className="absolute bottom-1.5 right-1.5 rounded bg-black/80 px-1.5 py-0.5 text-xs font-medium text-white">
          {formatDuration(video.duration)}
        </span>
      </Link>
      <div className="flex gap-3">
        <Link to={`/c/${video.owner.username}`} className="shrink-0" aria-label={video.owner.fullname}>
          <img src={video.owner.avatar} alt="" className="h-9 w-9 rounded-full object-cover" />
        </Link>
        <div className="min-w-0">
          <h3 className="line-clamp-2 font-semibold leading-snug">
            <Link to={`/watch/${video.id}`}>{video.title}</Link>
          </h3>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            <Link to={`/c/${video.owner.username}`} className="hover:text-slate-900 dark:hover:text-white">
              {video.owner.fullname}
            </Link>
          </p>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            {formatViews(video.views)} · {formatAge(video.createdAt)}
          </p>
        </div>
      </div>
    </article>
  );
}
