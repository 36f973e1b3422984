import { Link2 } from 'lucide-react';
import { useDeferredValue, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { ApiError, describeError } from '../api/http';
import type { Content, ContentType } from '../api/types';
import { ContentCard, statusNames, typeNames } from '../content/ContentCard';
import { ContentPreview } from '../content/ContentPreview';
import { LinkForm } from '../content/LinkForm';
import { UploadZone } from '../content/UploadZone';
import { useDeleteContent, useLibrarySearch } from '../content/content';
import { Alert } from '@shared/ui/Alert';
import { Button } from '@shared/ui/Button';
import { EmptyState } from '@shared/ui/EmptyState';
import { Loading } from '@shared/ui/Loading';
import { MoreBelow, useShowMore } from '@shared/ui/MoreBelow';
import { Modal, ModalClose } from '@shared/ui/Modal';

// Asks before deleting; content a playlist uses gets a second, plainer warning.
function DeleteDialog({ content, onClose }: { content: Content | null; onClose: () => void }) {
  const remove = useDeleteContent();
  const { formatMessage } = useIntl();
  const inUse = remove.error instanceof ApiError && remove.error.status === 409;
  const confirm = () => content && remove.mutate({ id: content.id, force: inUse }, { onSuccess: onClose });
  return (
    <Modal
      open={content !== null}
      onOpenChange={(open) => {
        if (!open) {
          remove.reset();
          onClose();
        }
      }}
      title={formatMessage({ id: 'library.deleteTitle' }, { title: content?.title ?? '' })}
      description={formatMessage({ id: 'library.deleteWhat' })}
    >
      <div className="flex flex-col gap-4">
        {inUse ? (
          <Alert>
            <FormattedMessage id="library.inUse" />
          </Alert>
        ) : (
          remove.error && <Alert>{describeError(remove.error)}</Alert>
        )}
        <div className="flex justify-end gap-2">
          <ModalClose asChild>
            <Button variant="secondary">
              <FormattedMessage id="library.keep" />
            </Button>
          </ModalClose>
          <Button variant="danger" busy={remove.isPending} onClick={confirm}>
            {formatMessage({ id: inUse ? 'library.deleteAnyway' : 'content.delete' })}
          </Button>
        </div>
      </div>
    </Modal>
  );
}

export function ContentLibrary() {
  const { formatMessage } = useIntl();
  const [query, setQuery] = useState('');
  const [type, setType] = useState<ContentType | ''>('');
  // Searched on every edit (a stale search is cancelled), the input drawn first.
  const q = useDeferredValue(query.trim());
  const library = useLibrarySearch({ q, type });
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState<Content | null>(null);
  const [opened, setOpened] = useState<Content | null>(null);
  const [view, setView] = useState<'grid' | 'list'>('grid');
  const items = library.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = q !== '' || type !== '';
  const empty = !library.isPending && !filtered && items.length === 0;
  const showMore = useShowMore(library);
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <h1 className="text-2xl font-semibold">
          <FormattedMessage id="library.title" />
        </h1>
        <Button variant="secondary" onClick={() => setAdding(true)}>
          <Link2 aria-hidden="true" size={16} /> <FormattedMessage id="library.addLink" />
        </Button>
      </div>
      <UploadZone />
      {library.error && <Alert>{describeError(library.error)}</Alert>}
      {!empty && (
        <div className="flex flex-wrap gap-3">
          <input
            type="search"
            aria-label={formatMessage({ id: 'library.search' })}
            placeholder={formatMessage({ id: 'library.searchHint' })}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            className="min-h-10 flex-1 rounded-md border border-slate-300 dark:border-slate-600 bg-white dark:bg-slate-900 px-3 text-sm"
          />
          <div
            role="group"
            aria-label={formatMessage({ id: 'library.view' })}
            className="flex overflow-hidden rounded-md border border-slate-300 dark:border-slate-600"
          >
            {(['grid', 'list'] as const).map((v) => (
              <button
                key={v}
                type="button"
                aria-pressed={view === v}
                onClick={() => setView(v)}
                className={`min-h-10 px-3 text-sm ${view === v ? 'bg-indigo-50 dark:bg-indigo-950 font-medium text-indigo-800 dark:text-indigo-200' : 'bg-white dark:bg-slate-900 text-slate-700 dark:text-slate-300'}`}
              >
                {formatMessage({ id: v === 'grid' ? 'library.grid' : 'library.list' })}
              </button>
            ))}
          </div>
          <select
            aria-label={formatMessage({ id: 'library.kind' })}
            value={type}
            onChange={(e) => setType(e.target.value as ContentType | '')}
            className="min-h-10 rounded-md border border-slate-300 dark:border-slate-600 bg-white dark:bg-slate-900 px-3 text-sm"
          >
            <option value="">{formatMessage({ id: 'library.allKinds' })}</option>
            {Object.entries(typeNames).map(([value, name]) => (
              <option key={value} value={value}>
                {formatMessage({ id: name })}
              </option>
            ))}
          </select>
        </div>
      )}
      {library.isPending ? (
        <Loading label={formatMessage({ id: 'library.loading' })} />
      ) : empty ? (
        <EmptyState title={formatMessage({ id: 'library.emptyTitle' })}>
          <FormattedMessage id="library.empty" />
        </EmptyState>
      ) : items.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          <FormattedMessage id="library.noMatch" />
        </p>
      ) : view === 'list' ? (
        <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-700 bg-white dark:bg-slate-900">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">
              <FormattedMessage id="library.caption" />
            </caption>
            <thead className="border-b border-slate-200 dark:border-slate-700 bg-slate-50 dark:bg-slate-800 text-slate-600 dark:text-slate-400">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">
                  <FormattedMessage id="library.colTitle" />
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  <FormattedMessage id="library.colKind" />
                </th>
                <th scope="col" className="hidden px-4 py-2 font-medium sm:table-cell">
                  <FormattedMessage id="library.colTags" />
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  <FormattedMessage id="library.colStatus" />
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  <span className="sr-only">
                    <FormattedMessage id="library.colActions" />
                  </span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <tr key={c.id} className="border-b border-slate-100 dark:border-slate-800 last:border-0">
                  <th scope="row" className="px-4 py-2 font-medium">
                    <button type="button" onClick={() => setOpened(c)} className="text-left hover:underline">
                      {c.title}
                    </button>
                  </th>
                  <td className="px-4 py-2">{formatMessage({ id: typeNames[c.type] })}</td>
                  <td className="hidden px-4 py-2 sm:table-cell">{c.tags.join(', ') || '—'}</td>
                  <td className="px-4 py-2">{formatMessage({ id: statusNames[c.uploadStatus] })}</td>
                  <td className="px-4 py-2 text-right">
                    <Button
                      variant="ghost"
                      className="min-h-8 px-2 text-red-700 dark:text-red-400"
                      onClick={() => setDeleting(c)}
                      aria-label={formatMessage({ id: 'content.deleteNamed' }, { title: c.title })}
                    >
                      <FormattedMessage id="content.delete" />
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <ul
          aria-label={formatMessage({ id: 'library.caption' })}
          className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-4"
        >
          {items.map((c) => (
            <ContentCard key={c.id} content={c} onOpen={() => setOpened(c)} onDelete={() => setDeleting(c)} />
          ))}
        </ul>
      )}
      {items.length > 0 && (
        <p aria-live="polite" className="text-sm text-slate-600 dark:text-slate-400">
          {formatMessage(
            { id: library.hasNextPage ? 'library.shownFirst' : 'list.shown' },
            { count: items.length },
          )}
        </p>
      )}
      {library.hasNextPage && <MoreBelow onMore={showMore} busy={library.isFetchingNextPage} />}
      <Modal open={adding} onOpenChange={setAdding} title={formatMessage({ id: 'library.addLinkTitle' })}>
        <LinkForm onDone={() => setAdding(false)} />
      </Modal>
      <DeleteDialog content={deleting} onClose={() => setDeleting(null)} />
      {opened && <ContentPreview key={opened.id} content={opened} onClose={() => setOpened(null)} />}
    </div>
  );
}
