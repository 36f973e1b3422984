import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { describeError } from '../api/http';
import type { Content } from '../api/types';
import { Alert } from '@shared/ui/Alert';
import { Button } from '@shared/ui/Button';
import { Modal } from '@shared/ui/Modal';
import { TextField } from '@shared/ui/TextField';
import { useUpdateContent } from './content';

function View({ content }: { content: Content }) {
  if (content.type === 'image')
    return (
      <img
        src={content.source}
        alt={content.title}
        className="max-h-72 w-full rounded bg-slate-100 dark:bg-slate-800 object-contain"
      />
    );
  if (content.type === 'video')
    return <video src={content.source} controls muted className="max-h-72 w-full rounded bg-black" />;
  if (content.metadata.url) {
    return (
      <a
        href={content.metadata.url}
        target="_blank"
        rel="noreferrer"
        className="break-all text-indigo-700 dark:text-indigo-300 underline"
      >
        {content.metadata.url}
      </a>
    );
  }
  return content.thumbnail ? (
    <img
      src={content.thumbnail}
      alt={content.title}
      className="max-h-72 w-full rounded bg-slate-100 dark:bg-slate-800 object-contain"
    />
  ) : null;
}

// A closer look at one item, and its title and tags to change.
export function ContentPreview({ content, onClose }: { content: Content; onClose: () => void }) {
  const update = useUpdateContent(content.id);
  const { formatMessage } = useIntl();
  const [title, setTitle] = useState(content.title);
  const [tags, setTags] = useState(content.tags.join(', '));
  const save = () =>
    update.mutate(
      {
        title: title.trim(),
        tags: tags
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean),
      },
      { onSuccess: onClose },
    );
  return (
    <Modal open onOpenChange={(open) => !open && onClose()} title={content.title}>
      <div className="flex flex-col gap-4">
        <View content={content} />
        {update.error && <Alert>{describeError(update.error)}</Alert>}
        <TextField
          label={formatMessage({ id: 'content.title' })}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
        />
        <TextField
          label={formatMessage({ id: 'content.tags' })}
          hint={formatMessage({ id: 'content.tagsHint' })}
          value={tags}
          onChange={(e) => setTags(e.target.value)}
        />
        <div className="flex justify-end">
          <Button onClick={save} busy={update.isPending} disabled={!title.trim()}>
            <FormattedMessage id="action.save" />
          </Button>
        </div>
      </div>
    </Modal>
  );
}
