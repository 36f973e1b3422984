// Uploads a file with progress (fetch cannot report upload progress; XMLHttpRequest can),
// with the same cookies, CSRF header and error shape as every other call.

import { ApiError, csrfToken } from './http';
import type { Content } from './types';

export function uploadFile(
  file: File,
  title: string,
  onProgress: (fraction: number) => void,
): Promise<Content> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1/content');
    xhr.setRequestHeader('X-CSRF-Token', csrfToken());
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: { content?: Content; error?: { code: string; message: string } } = {};
      try {
        body = JSON.parse(xhr.responseText) as typeof body;
      } catch {
        /* not JSON */
      }
      if (xhr.status === 201 && body.content) {
        onProgress(1);
        resolve(body.content);
      } else {
        reject(
          new ApiError(
            xhr.status,
            body.error?.code ?? `HTTP_${xhr.status}`,
            body.error?.message ?? xhr.statusText,
          ),
        );
      }
    };
    xhr.onerror = () =>
      reject(new ApiError(0, 'UPLOAD_INTERRUPTED', 'The upload was interrupted. Check your connection.'));
    const form = new FormData();
    form.append('title', title);
    form.append('file', file);
    xhr.send(form);
  });
}
