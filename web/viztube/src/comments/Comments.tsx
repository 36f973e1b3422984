import { useState } from 'react';
import { Link, useLocation } from 'react-router';
import { Alert } from '@shared/ui/Alert';
import { Button } from '@shared/ui/Button';
import { TextArea } from '@shared/ui/TextArea';
import { describeError } from '../api/http';
import type { Comment, Video } from '../api/types';
import { useSession } from '../auth/session';
import { formatAge, formatCount } from '../videos/format';
import { useCommentActions, useComments } from './comments';

const maxChars = 2000; // the contract's limit for a comment

// Under a video: how many comments, a box to add one, and the comments newest first, a page
// at a time. Authors edit and delete theirs; the video's owner may delete any.
export function Comments({ video }: { video: Video }) {
  const comments = useComments(video.id);
  const session = useSession();
  const { pathname } = useLocation();
  const total = comments.data?.pages[0]?.totalDocs ?? 0;
  const viewer = session.data?.id;
  return (
    <section aria-labelledby="comments-heading" className="flex flex-col gap-4">
      <h2 id="comments-heading" className="text-lg font-bold">
        {formatCount(total)} {total === 1 ? 'comment' : 'comments'}
      </h2>
      {viewer ? (
        <CommentForm videoId={video.id} />
      ) : (
        <p className="text-sm">
          <Link
            to="/sign-in"
            state={{ from: pathname }}
            className="font-medium text-blue-700 underline dark:text-blue-400"
          >
            Sign in
          </Link>{' '}
          to comment.
        </p>
      )}
      {comments.error && <Alert>{describeError(comments.error)}</Alert>}
      <ol className="flex flex-col gap-4">
        {comments.data?.pages.flatMap((p) =>
          p.docs.map((c) => (
            <CommentItem
              key={c.id}
              comment={c}
              canEdit={c.owner.id === viewer}
              canDelete={c.owner.id === viewer || video.owner.id === viewer}
            />
          )),
        )}
      </ol>
      {comments.hasNextPage && (
        <Button
          variant="secondary"
          busy={comments.isFetchingNextPage}
          onClick={() => void comments.fetchNextPage()}
        >
          More comments
        </Button>
      )}
    </section>
  );
}

function CommentForm({ videoId }: { videoId: string }) {
  const { post } = useCommentActions(videoId);
  const [text, setText] = useState('');
  return (
    <form
      className="flex flex-col gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        if (text.trim()) post.mutate(text.trim(), { onSuccess: () => setText('') });
      }}
    >
      <TextArea
        label="Add a comment"
        hideLabel
        rows={2}
        maxLength={maxChars}
        placeholder="Add a comment…"
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      {post.error && <Alert>{describeError(post.error)}</Alert>}
      {text && (
        <div className="flex justify-end gap-2">
          <Button variant="ghost" onClick={() => setText('')}>
            Cancel
          </Button>
          <Button type="submit" busy={post.isPending} disabled={!text.trim()}>
            Comment
          </Button>
        </div>
      )}
    </form>
  );
}

function CommentItem({
  comment,
  canEdit,
  canDelete,
}: {
  comment: Comment;
  canEdit: boolean;
  canDelete: boolean;
}) {
  const { edit, remove } = useCommentActions(comment.videoId);
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(comment.content);
  const [confirming, setConfirming] = useState(false);
  const edited = comment.updatedAt !== comment.createdAt;
  return (
    <li className="flex gap-3" aria-label={`Comment by ${comment.owner.fullname}`}>
      <img src={comment.owner.avatar} alt="" className="h-9 w-9 shrink-0 rounded-full object-cover" />
      <div className="flex min-w-0 flex-1 flex-col gap-1">
        <p className="text-xs text-slate-600 dark:text-slate-400">
          <Link to={`/c/${comment.owner.username}`} className="font-semibold text-slate-900 dark:text-white">
            @{comment.owner.username}
          </Link>{' '}
          · {formatAge(comment.createdAt)}
          {edited && ' (edited)'}
        </p>
        {editing ? (
          <form
            className="flex flex-col gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              edit.mutate({ id: comment.id, content: text.trim() }, { onSuccess: () => setEditing(false) });
            }}
          >
            <TextArea
              label="Edit your comment"
              hideLabel
              rows={2}
              maxLength={maxChars}
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
            {edit.error && <Alert>{describeError(edit.error)}</Alert>}
            <div className="flex justify-end gap-2">
              <Button variant="ghost" onClick={() => setEditing(false)}>
                Cancel
              </Button>
              <Button type="submit" busy={edit.isPending} disabled={!text.trim()}>
                Save
              </Button>
            </div>
          </form>
        ) : (
          <p className="whitespace-pre-line break-words text-sm">{comment.content}</p>
        )}
        {!editing && (canEdit || canDelete) && (
          <div className="flex items-center gap-1 text-xs">
            {confirming ? (
              <>
                <span>Delete this comment?</span>
                <Button variant="danger" busy={remove.isPending} onClick={() => remove.mutate(comment.id)}>
                  Delete
                </Button>
                <Button variant="ghost" onClick={() => setConfirming(false)}>
                  Keep
                </Button>
              </>
            ) : (
              <>
                {canEdit && (
                  <Button
                    variant="ghost"
                    onClick={() => {
                      setText(comment.content);
                      setEditing(true);
                    }}
                  >
                    Edit
                  </Button>
                )}
                {canDelete && (
                  <Button variant="ghost" onClick={() => setConfirming(true)}>
                    Delete
                  </Button>
                )}
              </>
            )}
            {remove.error && <span role="alert">{describeError(remove.error)}</span>}
          </div>
        )}
        {comment.likesCount > 0 && (
          <p className="text-xs text-slate-600 dark:text-slate-400">
            {formatCount(comment.likesCount)} {comment.likesCount === 1 ? 'like' : 'likes'}
          </p>
        )}
      </div>
    </li>
  );
}
