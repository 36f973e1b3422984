import { FileText, Globe, Image, Rss, Sheet, Video } from 'lucide-react';
import { FormattedMessage, useIntl } from 'react-intl';
import type { Content, ContentType } from '../api/types';
import { Button } from '@shared/ui/Button';

export const typeNames = {
  image: 'contentType.image',
  video: 'contentType.video',
  pdf: 'contentType.pdf',
  ppt: 'contentType.ppt',
  spreadsheet: 'contentType.spreadsheet',
  webpage: 'contentType.webpage',
  dashboard: 'contentType.dashboard',
  data_feed: 'contentType.data_feed',
} as const satisfies Record<ContentType, string>;

const icons: Record<ContentType, typeof Image> = {
  image: Image,
  video: Video,
  pdf: FileText,
  ppt: FileText,
  spreadsheet: Sheet,
  webpage: Globe,
  dashboard: Globe,
  data_feed: Rss,
};

export const statusNames = {
  processing: 'contentStatus.processing',
  ready: 'contentStatus.ready',
  failed: 'contentStatus.failed',
} as const satisfies Record<Content['uploadStatus'], string>;

export function ContentCard({
  content,
  onOpen,
  onDelete,
}: {
  content: Content;
  onOpen: () => void;
  onDelete: () => void;
}) {
  const Icon = icons[content.type];
  const { formatMessage } = useIntl();
  return (
    <li
      className="flex flex-col overflow-hidden rounded-lg border border-slate-200 dark:border-slate-700 bg-white dark:bg-slate-900"
      aria-label={content.title}
    >
      <div className="flex aspect-video items-center justify-center bg-slate-100 dark:bg-slate-800">
        {content.thumbnail ? (
          <img src={content.thumbnail} alt="" className="size-full object-contain" loading="lazy" />
        ) : (
          <Icon aria-hidden="true" className="text-slate-400" size={32} />
        )}
      </div>
      <div className="flex flex-1 flex-col gap-1 p-3">
        <button
          type="button"
          onClick={onOpen}
          className="truncate text-left text-sm font-medium text-slate-900 dark:text-slate-100 hover:underline"
          title={content.title}
        >
          {content.title}
        </button>
        {content.tags.length > 0 && (
          <p className="truncate text-xs text-slate-500 dark:text-slate-400">{content.tags.join(' · ')}</p>
        )}
        <p className="text-xs text-slate-600 dark:text-slate-400">
          {formatMessage({ id: typeNames[content.type] })} ·{' '}
          <span data-status={content.uploadStatus}>
            {formatMessage({ id: statusNames[content.uploadStatus] })}
          </span>
        </p>
        {content.uploadError && (
          <p className="text-xs text-red-700 dark:text-red-400">{content.uploadError}</p>
        )}
        <div className="mt-auto flex justify-end pt-2">
          <Button
            variant="ghost"
            className="min-h-8 px-2 text-red-700 dark:text-red-400"
            onClick={onDelete}
            aria-label={formatMessage({ id: 'content.deleteNamed' }, { title: content.title })}
          >
            <FormattedMessage id="content.delete" />
          </Button>
        </div>
      </div>
    </li>
  );
}
