// The API's shapes (API.md), as the dashboard reads them.

export type Role = 'viewer' | 'manager' | 'admin';

export interface User {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  role: Role;
  organizationId: string;
  emailVerified?: boolean;
}

export interface Organization {
  id: string;
  name: string;
  slug: string;
  subscriptionTier: string;
  screenQuota: number;
  subscriptionStatus: string;
  trialEndsAt: string | null;
  timezone: string; // IANA: the zone its days and weeks are counted in
}

export interface Session {
  user: User;
  organization: Organization;
  mailEnabled?: boolean; // whether this server sends mail (so can verify addresses)
}

export interface CurrentContent {
  playlistId?: string | null | undefined;
  contentId?: string | null | undefined;
}

export interface Device {
  id: string;
  nickname: string;
  location: string;
  timezone: string;
  status: 'online' | 'offline' | 'pairing';
  lastHeartbeat: string | null;
  currentContent: CurrentContent | null;
  groupIds: string[];
  defaultPlaylistId: string | null;
  pairedAt: string | null;
  // Beyond the organization's plan: it plays what it has and is sent nothing new.
  held: boolean;
  createdAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type ContentType =
  'image' | 'video' | 'pdf' | 'ppt' | 'spreadsheet' | 'webpage' | 'dashboard' | 'data_feed';

export interface Content {
  id: string;
  type: ContentType;
  title: string;
  description: string;
  tags: string[];
  uploadStatus: 'processing' | 'ready' | 'failed';
  uploadError: string | null;
  source: string;
  thumbnail: string | null;
  metadata: { size?: number; duration?: number; url?: string; width?: number; height?: number };
  createdAt: string;
}

export type Transition = 'none' | 'fade' | 'slide' | 'zoom' | 'dissolve';

export interface PlaylistItem {
  contentId: string;
  duration: number; // seconds
  transition: Transition;
  transitionDuration?: number;
}

export interface Playlist {
  id: string;
  name: string;
  description: string;
  loopPlaylist: boolean;
  items: PlaylistItem[];
  totalDuration: number;
  createdAt: string;
}
