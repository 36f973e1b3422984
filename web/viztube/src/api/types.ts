// The contract's shapes (VIZTUBE-API.md), as this app reads them.

export interface Owner {
  id: string;
  username: string;
  fullname: string;
  avatar: string;
}

export interface User extends Owner {
  email?: string;
  emailVerified?: boolean; // only on the signed-in user's own record
  coverImage: string | null;
  createdAt: string;
}

export interface Rendition {
  height: number;
  width: number;
  state: 'ready' | 'running' | 'failed' | 'queued';
}

export interface Video {
  id: string;
  title: string;
  description: string;
  duration: number; // seconds
  views: number;
  thumbnailUrl: string;
  videoFileUrl: string;
  hlsUrl?: string;
  isPublished: boolean;
  status: 'processing' | 'ready' | 'failed';
  processing?: { state: string; percent: number; renditions: Rendition[]; error?: string };
  createdAt: string;
  owner: Owner;
  likesCount?: number;
  isLiked?: boolean;
}

export interface Page<T> {
  docs: T[];
  totalDocs: number;
  limit: number;
  page: number;
  totalPages: number;
  hasNextPage: boolean;
  hasPrevPage: boolean;
}

export interface Comment {
  id: string;
  videoId: string;
  content: string;
  likesCount: number;
  createdAt: string;
  updatedAt: string;
  owner: Owner;
}

export interface Tweet {
  id: string;
  content: string;
  likesCount: number;
  createdAt: string;
  updatedAt: string;
  owner: Owner;
}

export interface Playlist {
  id: string;
  name: string;
  description: string;
  createdAt: string;
  updatedAt: string;
  owner: Owner;
  videoCount: number;
  videos?: Video[]; // GET /playlist/:id only, in their order
}
