// What the viewer typed for an upload under way (title, description, which file), kept in
// localStorage until the video exists: a reload mid-upload brings the form back as it was
// and says which file to choose again to continue.

const key = 'viztube.upload.draft';

export interface UploadDraft {
  title: string;
  description: string;
  fileName: string;
  fileSize: number;
}

export function loadDraft(): UploadDraft | null {
  try {
    const stored = JSON.parse(localStorage.getItem(key) ?? 'null') as Partial<UploadDraft> | null;
    if (!stored || typeof stored.fileName !== 'string' || typeof stored.fileSize !== 'number') {
      return null;
    }
    return {
      title: String(stored.title ?? ''),
      description: String(stored.description ?? ''),
      fileName: stored.fileName,
      fileSize: stored.fileSize,
    };
  } catch {
    return null;
  }
}

export function saveDraft(draft: UploadDraft): void {
  try {
    localStorage.setItem(key, JSON.stringify(draft));
  } catch {
    /* storage full or refused: the upload still goes on, it only will not survive a reload */
  }
}

export function clearDraft(): void {
  localStorage.removeItem(key);
}
