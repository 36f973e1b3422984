import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { Comments } from '../src/comments/Comments';
import { ada, grace, ok, page, renderWithApp, serverAnswers, video } from './render';

const graceSays = {
  id: 'c1',
  videoId: 'v1',
  content: 'Lovely colours',
  likesCount: 0,
  createdAt: '2026-12-01T00:00:00Z',
  updatedAt: '2026-12-01T00:00:00Z',
  owner: grace,
};
const adaSays = { ...graceSays, id: 'c2', content: 'Thank you', owner: ada };

function answers(viewer: unknown) {
  return serverAnswers({
    'GET /api/v2/user/current-user-details': viewer
      ? ok(viewer)
      : { status: 401, body: { code: 'UNAUTHENTICATED' } },
    'GET /api/v2/comments/v1': ok(page([adaSays, graceSays])),
    'POST /api/v2/comments/v1': ok(graceSays, 201),
  });
}

const actionsOf = async (author: string) =>
  within(await screen.findByRole('listitem', { name: `Comment by ${author}` }))
    .queryAllByRole('button')
    .map((b) => b.textContent);

describe('comments under a video', () => {
  it("let their author edit and delete, and the video's owner delete", async () => {
    answers(grace);
    renderWithApp(<Comments video={video() as never} />);
    await screen.findByRole('heading', { name: '2 comments' });
    expect(await actionsOf('Grace Hopper')).toEqual(['Edit', 'Delete']);
    expect(await actionsOf('Ada Lovelace')).toEqual([]);
  });

  it("let the video's owner delete anyone's, but edit only hers", async () => {
    answers(ada);
    renderWithApp(<Comments video={video() as never} />);
    expect(await actionsOf('Grace Hopper')).toEqual(['Delete']);
    expect(await actionsOf('Ada Lovelace')).toEqual(['Edit', 'Delete']);
  });

  it('ask a signed-out viewer to sign in, and offer nothing to change', async () => {
    answers(null);
    renderWithApp(<Comments video={video() as never} />);
    expect(await actionsOf('Grace Hopper')).toEqual([]);
    expect(screen.getByRole('link', { name: 'Sign in' })).toBeTruthy();
    expect(screen.queryByLabelText('Add a comment')).toBeNull();
  });

  it('post what was typed, trimmed, and empty the box', async () => {
    const sent = answers(grace);
    renderWithApp(<Comments video={video() as never} />);
    const box = await screen.findByLabelText('Add a comment');
    await userEvent.type(box, '  So calm  ');
    await userEvent.click(screen.getByRole('button', { name: 'Comment' }));
    await screen.findByDisplayValue('');
    expect(sent.find((s) => s.method === 'POST')?.body).toEqual({ content: 'So calm' });
  });
});
