import { CheckCircle2, Loader2, XCircle } from 'lucide-react';
import { Link, useParams } from 'react-router';
import { Alert } from '@shared/ui/Alert';
import { Loading } from '@shared/ui/Loading';
import { ProgressBar } from '@shared/ui/ProgressBar';
import { describeError } from '../api/http';
import type { Rendition, Video } from '../api/types';
import { isConverting, useOwnVideo } from '../videos/videos';

// An uploaded video while its ladder of qualities is made, live, until it plays everywhere.
export function Processing() {
  const { videoId = '' } = useParams();
  const video = useOwnVideo(videoId);
  if (video.isPending) return <Loading label="Loading video" />;
  if (video.error) return <Alert>{describeError(video.error)}</Alert>;
  const v = video.data;
  return (
    <div className="mx-auto flex max-w-xl flex-col gap-4">
      <h1 className="text-2xl font-bold">{v.title}</h1>
      <img
        src={v.thumbnailUrl}
        alt=""
        className="aspect-video w-full rounded-xl bg-slate-200 object-cover dark:bg-slate-800"
      />
      <ProcessingStatus video={v} />
      <div className="flex gap-4 text-sm font-medium">
        <Link to={`/watch/${v.id}`} className="text-blue-700 underline dark:text-blue-400">
          Watch
        </Link>
        <Link to="/studio/videos" className="text-blue-700 underline dark:text-blue-400">
          Studio
        </Link>
      </div>
    </div>
  );
}

// The state of a video's conversion: a bar while it runs, then each quality as it is ready.
export function ProcessingStatus({ video }: { video: Video }) {
  const p = video.processing;
  if (!p) return null;
  return (
    <section aria-label="Processing" className="flex flex-col gap-2">
      <p role="status" className="text-sm font-medium">
        {p.state === 'ready'
          ? 'Ready: it plays in every quality.'
          : p.state === 'failed'
            ? 'The conversion failed.'
            : p.state === 'queued'
              ? 'Waiting to be converted…'
              : `Converting: ${p.percent} %`}
      </p>
      {isConverting(video) && <ProgressBar label="Conversion progress" percent={p.percent} />}
      {p.error && <Alert>{p.error}</Alert>}
      {p.renditions.length > 0 && (
        <ul aria-label="Qualities" className="flex flex-wrap gap-2 text-sm">
          {p.renditions.map((r) => (
            <RenditionChip key={r.height} rendition={r} />
          ))}
        </ul>
      )}
    </section>
  );
}

function RenditionChip({ rendition }: { rendition: Rendition }) {
  const Icon = rendition.state === 'ready' ? CheckCircle2 : rendition.state === 'failed' ? XCircle : Loader2;
  return (
    <li className="flex items-center gap-1 rounded-full bg-slate-100 px-3 py-1 dark:bg-slate-800">
      <Icon
        size={14}
        aria-hidden
        className={rendition.state === 'running' || rendition.state === 'queued' ? 'animate-spin' : ''}
      />
      {rendition.height}p <span className="sr-only">{rendition.state}</span>
    </li>
  );
}
