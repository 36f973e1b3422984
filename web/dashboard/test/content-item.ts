import type { Content } from '../src/api/types';

// A ready content item as the server answers it, for tests that make libraries of thousands.
export function contentItem(id: string, title: string, more: Partial<Content> = {}): Content {
  return {
    id,
    type: 'webpage',
    title,
    description: '',
    tags: [],
    uploadStatus: 'ready',
    uploadError: null,
    source: '',
    thumbnail: null,
    metadata: {},
    createdAt: '2026-12-07T10:00:00.000Z',
    ...more,
  };
}
