import { ArrowDown, ArrowUp, GripVertical, Send, Trash2 } from 'lucide-react';
import { useDeferredValue, useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { FormattedMessage, useIntl } from 'react-intl';
import { describeError } from '../api/http';
import type { PlaylistItem, Transition } from '../api/types';
import { useContentItems, useLibrarySearch } from '../content/content';
import { PlaylistPreview } from '../playlists/PlaylistPreview';
import { PublishDialog } from '../playlists/PublishDialog';
import { formatDuration, usePlaylist, useSavePlaylist } from '../playlists/playlists';
import { Alert } from '@shared/ui/Alert';
import { Button } from '@shared/ui/Button';
import { Loading } from '@shared/ui/Loading';

const transitions: Transition[] = ['fade', 'dissolve', 'slide', 'zoom', 'none'];
const defaultSeconds = 10;

function move<T>(list: T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length) return list;
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item as T);
  return next;
}

// Builds a playlist: items from the library, in order (drag them, or use the arrow buttons),
// each with its duration and transition; the total is kept in view.
function Editor({
  id,
  initialName,
  initialItems,
}: {
  id: string | null;
  initialName: string;
  initialItems: PlaylistItem[];
}) {
  const navigate = useNavigate();
  const { formatMessage } = useIntl();
  // The picker searches the library on the server (ready items only); the items already in
  // the playlist are read by id, however large the library.
  const [find, setFind] = useState('');
  const q = useDeferredValue(find.trim());
  const picker = useLibrarySearch({ q, type: '', readyOnly: true });
  const save = useSavePlaylist(id);
  const [name, setName] = useState(initialName);
  const [items, setItems] = useState(initialItems);
  const [adding, setAdding] = useState('');
  const [dragged, setDragged] = useState<number | null>(null);
  const [publishing, setPublishing] = useState(false);
  const [notice, setNotice] = useState('');
  const ready = useMemo(() => picker.data?.pages.flatMap((page) => page.items) ?? [], [picker.data]);
  const named = useContentItems(items.map((i) => i.contentId));
  const byId = useMemo(() => {
    const all = new Map(named);
    for (const c of ready) all.set(c.id, c);
    return all;
  }, [named, ready]);
  const total = items.reduce((sum, i) => sum + i.duration, 0);
  const change = (index: number, patch: Partial<PlaylistItem>) =>
    setItems(items.map((item, i) => (i === index ? { ...item, ...patch } : item)));
  const add = () => {
    const content = ready.find((c) => c.id === adding);
    if (!content) return;
    const seconds =
      content.type === 'video' && content.metadata.duration
        ? Math.ceil(content.metadata.duration)
        : defaultSeconds;
    setItems([...items, { contentId: content.id, duration: seconds, transition: 'fade' }]);
    setAdding('');
  };
  const submit = () =>
    save.mutate(
      { name: name.trim(), items },
      {
        onSuccess: (playlist) => {
          setNotice(formatMessage({ id: 'action.saved' }));
          if (!id) navigate(`/playlists/${playlist.id}`, { replace: true });
        },
      },
    );
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div className="flex min-w-64 flex-1 flex-col gap-1">
          <label htmlFor="playlist-name" className="text-sm font-medium">
            <FormattedMessage id="editor.name" />
          </label>
          <input
            id="playlist-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            className="min-h-10 rounded-md border border-slate-300 dark:border-slate-600 bg-white dark:bg-slate-900 px-3 text-lg font-semibold"
          />
        </div>
        <div className="flex gap-2">
          <Button onClick={submit} busy={save.isPending} disabled={!name.trim() || items.length === 0}>
            <FormattedMessage id="action.save" />
          </Button>
          {id && (
            <Button variant="secondary" onClick={() => setPublishing(true)}>
              <Send aria-hidden="true" size={16} /> <FormattedMessage id="editor.publish" />
            </Button>
          )}
        </div>
      </div>
      <p aria-live="polite" className="text-sm text-emerald-700 dark:text-emerald-400">
        {notice}
      </p>
      {save.error && <Alert>{describeError(save.error)}</Alert>}
      <div className="flex flex-wrap items-end gap-2">
        <div className="flex min-w-48 flex-col gap-1">
          <label htmlFor="find-content" className="text-sm font-medium">
            <FormattedMessage id="editor.find" />
          </label>
          <input
            id="find-content"
            type="search"
            placeholder={formatMessage({ id: 'editor.findHint' })}
            value={find}
            onChange={(e) => setFind(e.target.value)}
            className="min-h-10 rounded-md border border-slate-300 dark:border-slate-600 bg-white dark:bg-slate-900 px-3 text-sm"
          />
        </div>
        <div className="flex min-w-64 flex-1 flex-col gap-1">
          <label htmlFor="add-content" className="text-sm font-medium">
            <FormattedMessage id="editor.add" />
          </label>
          <select
            id="add-content"
            value={adding}
            onChange={(e) => setAdding(e.target.value)}
            className="min-h-10 rounded-md border border-slate-300 dark:border-slate-600 bg-white dark:bg-slate-900 px-3 text-sm"
          >
            <option value="">
              {formatMessage({
                id: ready.length ? 'editor.choose' : q ? 'editor.noneMatches' : 'editor.noneReady',
              })}
            </option>
            {ready.map((c) => (
              <option key={c.id} value={c.id}>
                {c.title}
              </option>
            ))}
          </select>
        </div>
        <Button variant="secondary" onClick={add} disabled={!adding}>
          <FormattedMessage id="link.add" />
        </Button>
      </div>
      <section aria-labelledby="items-heading" className="flex flex-col gap-2">
        <div className="flex items-baseline justify-between">
          <h2 id="items-heading" className="text-base font-semibold">
            <FormattedMessage id="editor.items" />
          </h2>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            <FormattedMessage id="editor.playsIn" values={{ duration: formatDuration(total) }} />
          </p>
        </div>
        {items.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 dark:border-slate-600 bg-white dark:bg-slate-900 p-6 text-center text-sm text-slate-600 dark:text-slate-400">
            <FormattedMessage id="editor.empty" />
          </p>
        ) : (
          <ol className="flex flex-col gap-2">
            {items.map((item, index) => {
              const title = byId.get(item.contentId)?.title ?? formatMessage({ id: 'screens.content' });
              return (
                <li
                  key={`${item.contentId}-${index}`}
                  draggable
                  onDragStart={() => setDragged(index)}
                  onDragOver={(e) => e.preventDefault()}
                  onDrop={() => {
                    if (dragged !== null) setItems(move(items, dragged, index));
                    setDragged(null);
                  }}
                  aria-label={`${index + 1}. ${title}`}
                  className="flex flex-wrap items-center gap-3 rounded-lg border border-slate-200 dark:border-slate-700 bg-white dark:bg-slate-900 p-3"
                >
                  <GripVertical aria-hidden="true" className="cursor-grab text-slate-400" size={18} />
                  <span className="min-w-40 flex-1 truncate text-sm font-medium">{title}</span>
                  <label className="flex items-center gap-1 text-sm">
                    <span className="sr-only">
                      <FormattedMessage id="editor.secondsFor" values={{ title }} />
                    </span>
                    <input
                      type="number"
                      min={1}
                      max={86400}
                      value={item.duration}
                      onChange={(e) => change(index, { duration: Math.max(1, Number(e.target.value) || 1) })}
                      className="min-h-9 w-20 rounded-md border border-slate-300 dark:border-slate-600 px-2"
                    />
                    <FormattedMessage id="editor.secondsUnit" />
                  </label>
                  <label className="text-sm">
                    <span className="sr-only">
                      <FormattedMessage id="editor.transitionFor" values={{ title }} />
                    </span>
                    <select
                      value={item.transition}
                      onChange={(e) => change(index, { transition: e.target.value as Transition })}
                      className="min-h-9 rounded-md border border-slate-300 dark:border-slate-600 bg-white dark:bg-slate-900 px-2"
                    >
                      {transitions.map((t) => (
                        <option key={t} value={t}>
                          {formatMessage({ id: `transition.${t}` })}
                        </option>
                      ))}
                    </select>
                  </label>
                  <Button
                    variant="ghost"
                    className="min-h-9 px-2"
                    aria-label={formatMessage({ id: 'editor.up' }, { title })}
                    disabled={index === 0}
                    onClick={() => setItems(move(items, index, index - 1))}
                  >
                    <ArrowUp aria-hidden="true" size={16} />
                  </Button>
                  <Button
                    variant="ghost"
                    className="min-h-9 px-2"
                    aria-label={formatMessage({ id: 'editor.down' }, { title })}
                    disabled={index === items.length - 1}
                    onClick={() => setItems(move(items, index, index + 1))}
                  >
                    <ArrowDown aria-hidden="true" size={16} />
                  </Button>
                  <Button
                    variant="ghost"
                    className="min-h-9 px-2 text-red-700 dark:text-red-400"
                    aria-label={formatMessage({ id: 'editor.remove' }, { title })}
                    onClick={() => setItems(items.filter((_, i) => i !== index))}
                  >
                    <Trash2 aria-hidden="true" size={16} />
                  </Button>
                </li>
              );
            })}
          </ol>
        )}
      </section>
      <PlaylistPreview items={items} library={byId} />
      {id && (
        <PublishDialog
          playlistId={id}
          open={publishing}
          onOpenChange={setPublishing}
          onPublished={() => setNotice(formatMessage({ id: 'editor.published' }))}
        />
      )}
    </div>
  );
}

export function PlaylistEditor() {
  const { id } = useParams();
  const { formatMessage } = useIntl();
  if (!id || id === 'new')
    return <Editor id={null} initialName={formatMessage({ id: 'playlists.new' })} initialItems={[]} />;
  return <ExistingPlaylist id={id} />;
}

function ExistingPlaylist({ id }: { id: string }) {
  const playlist = usePlaylist(id);
  const { formatMessage } = useIntl();
  if (playlist.isPending) return <Loading label={formatMessage({ id: 'editor.loading' })} />;
  if (playlist.error) return <Alert>{describeError(playlist.error)}</Alert>;
  return (
    <Editor
      key={id}
      id={id}
      initialName={playlist.data.name}
      initialItems={playlist.data.items.map(({ contentId, duration, transition }) => ({
        contentId,
        duration,
        transition,
      }))}
    />
  );
}
