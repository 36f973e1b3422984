import { Eye, EyeOff, Pencil, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { Alert } from '@shared/ui/Alert';
import { Button } from '@shared/ui/Button';
import { EmptyState } from '@shared/ui/EmptyState';
import { Loading } from '@shared/ui/Loading';
import { Modal } from '@shared/ui/Modal';
import { describeError } from '../api/http';
import type { Video } from '../api/types';
import { formatCount, formatDuration } from '../videos/format';
import { isConverting } from '../videos/videos';
import { EditVideoForm } from './EditVideoForm';
import { useStudioVideos, useVideoActions } from './studio';

// Every video of the channel in every state, newest first, a page at a time: whether it is
// public (and the switch), its conversion, views and likes, edit and delete.
export function VideosTable() {
  const [page, setPage] = useState(1);
  const videos = useStudioVideos(page);
  const [editing, setEditing] = useState<Video | null>(null);
  const [deleting, setDeleting] = useState<Video | null>(null);
  const { togglePublish, remove } = useVideoActions();
  if (videos.isPending) return <Loading label="Loading your videos" rows={4} />;
  if (videos.error) return <Alert>{describeError(videos.error)}</Alert>;
  const { docs, totalDocs, totalPages } = videos.data;
  return (
    <section aria-labelledby="videos-heading" className="flex flex-col gap-4">
      <div className="flex items-center justify-between gap-3">
        <h1 id="videos-heading" className="text-2xl font-bold">
          Your videos{' '}
          <span className="text-base font-normal text-slate-600 dark:text-slate-400">({totalDocs})</span>
        </h1>
        <Link
          to="/upload"
          className="rounded-full bg-slate-900 px-4 py-2 text-sm font-semibold text-white dark:bg-white dark:text-slate-900"
        >
          Upload
        </Link>
      </div>
      {togglePublish.error && <Alert>{describeError(togglePublish.error)}</Alert>}
      {docs.length === 0 ? (
        <EmptyState title="No videos yet">
          Upload your first video: it is converted for every screen.
        </EmptyState>
      ) : (
        <div className="relative overflow-x-auto">
          <table className="w-full min-w-[640px] text-left text-sm">
            <thead className="text-slate-600 dark:text-slate-400">
              <tr>
                <th scope="col" className="py-2 font-medium">
                  Video
                </th>
                <th scope="col" className="py-2 font-medium">
                  Visibility
                </th>
                <th scope="col" className="py-2 font-medium">
                  Status
                </th>
                <th scope="col" className="py-2 text-right font-medium">
                  Views
                </th>
                <th scope="col" className="py-2 text-right font-medium">
                  Likes
                </th>
                <th scope="col" className="py-2 text-right font-medium">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {docs.map((v) => (
                <tr key={v.id} className="border-t border-slate-200 align-middle dark:border-slate-800">
                  <th scope="row" className="py-2 pr-3 font-normal">
                    <Link to={`/watch/${v.id}`} className="flex items-center gap-3">
                      <img
                        src={v.thumbnailUrl}
                        alt=""
                        className="aspect-video w-28 shrink-0 rounded-md bg-slate-200 object-cover dark:bg-slate-800"
                      />
                      <span className="min-w-0">
                        <span className="line-clamp-2 font-semibold">{v.title}</span>
                        <span className="text-xs text-slate-600 dark:text-slate-400">
                          {formatDuration(v.duration)}
                        </span>
                      </span>
                    </Link>
                  </th>
                  <td className="py-2 pr-3">
                    <button
                      type="button"
                      role="switch"
                      aria-checked={v.isPublished}
                      aria-label={`Public: ${v.title}`}
                      disabled={togglePublish.isPending}
                      onClick={() => togglePublish.mutate(v.id)}
                      className="flex min-h-9 items-center gap-2 rounded-full px-2 hover:bg-slate-100 dark:hover:bg-slate-800"
                    >
                      {v.isPublished ? <Eye size={16} aria-hidden /> : <EyeOff size={16} aria-hidden />}
                      {v.isPublished ? 'Public' : 'Hidden'}
                    </button>
                  </td>
                  <td className="py-2 pr-3">
                    <Status video={v} />
                  </td>
                  <td className="py-2 pr-3 text-right">{formatCount(v.views)}</td>
                  <td className="py-2 pr-3 text-right">{formatCount(v.likesCount ?? 0)}</td>
                  <td className="py-2 text-right whitespace-nowrap">
                    <Button variant="ghost" aria-label={`Edit ${v.title}`} onClick={() => setEditing(v)}>
                      <Pencil size={16} aria-hidden />
                    </Button>
                    <Button variant="ghost" aria-label={`Delete ${v.title}`} onClick={() => setDeleting(v)}>
                      <Trash2 size={16} aria-hidden />
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {totalPages > 1 && (
        <nav aria-label="Pages" className="flex items-center justify-end gap-2 text-sm">
          <Button variant="secondary" disabled={page <= 1} onClick={() => setPage(page - 1)}>
            Previous
          </Button>
          <span>
            Page {page} of {totalPages}
          </span>
          <Button variant="secondary" disabled={page >= totalPages} onClick={() => setPage(page + 1)}>
            Next
          </Button>
        </nav>
      )}
      <Modal open={editing !== null} onOpenChange={(open) => !open && setEditing(null)} title="Edit video">
        {editing && <EditVideoForm video={editing} onDone={() => setEditing(null)} />}
      </Modal>
      <Modal
        open={deleting !== null}
        onOpenChange={(open) => !open && setDeleting(null)}
        title="Delete this video?"
        description={
          deleting ? `“${deleting.title}”, its files, likes and comments are removed for good.` : undefined
        }
      >
        {remove.error && <Alert>{describeError(remove.error)}</Alert>}
        <div className="mt-2 flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setDeleting(null)}>
            Keep it
          </Button>
          <Button
            variant="danger"
            busy={remove.isPending}
            onClick={() => deleting && remove.mutate(deleting.id, { onSuccess: () => setDeleting(null) })}
          >
            Delete
          </Button>
        </div>
      </Modal>
    </section>
  );
}

function Status({ video }: { video: Video }) {
  const p = video.processing;
  if (video.status === 'failed') return <span className="text-red-700 dark:text-red-400">Failed</span>;
  if (p && isConverting(video)) {
    return <span>{p.state === 'queued' ? 'Waiting' : `Converting ${p.percent} %`}</span>;
  }
  return <span>Ready</span>;
}
