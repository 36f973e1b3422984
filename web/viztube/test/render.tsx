// VizTube's side of the shared test helpers: answers in the contract's envelope, and its 404
// for paths no test names.
import { serverAnswers as shared, type Answer, type Sent } from '@shared/test/server-answers';

export { renderWithApp } from '@shared/test/render';
export type { Sent } from '@shared/test/server-answers';

export const ok = (data: unknown, status = 200): Answer => ({
  status,
  body: { statusCode: status, data, message: 'OK', success: true },
});

export function serverAnswers(answers: Parameters<typeof shared>[0]): Sent[] {
  return shared(answers, {
    status: 404,
    body: {
      statusCode: 404,
      data: null,
      message: 'no such resource',
      success: false,
      code: 'NOT_FOUND',
      errors: [],
    },
  });
}

export const ada = {
  id: 'u-ada',
  username: 'ada',
  fullname: 'Ada Lovelace',
  avatar: '/a.png',
  coverImage: null,
  createdAt: '2026-12-01T00:00:00Z',
};
export const grace = {
  id: 'u-grace',
  username: 'grace',
  fullname: 'Grace Hopper',
  avatar: '/g.png',
  coverImage: null,
  createdAt: '2026-12-01T00:00:00Z',
};

export function page<T>(docs: T[]) {
  return {
    docs,
    totalDocs: docs.length,
    limit: 20,
    page: 1,
    totalPages: 1,
    hasNextPage: false,
    hasPrevPage: false,
  };
}

export function video(overrides: Record<string, unknown> = {}) {
  return {
    id: 'v1',
    title: 'Sunset',
    description: '',
    duration: 8,
    views: 3,
    thumbnailUrl: '/t.jpg',
    videoFileUrl: '/v.webm',
    isPublished: true,
    status: 'ready',
    processing: { state: 'ready', percent: 100, renditions: [{ height: 240, width: 426, state: 'ready' }] },
    createdAt: '2026-12-01T00:00:00Z',
    owner: ada,
    likesCount: 1,
    ...overrides,
  };
}
