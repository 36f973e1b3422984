import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { Upload } from '../src/pages/Upload';
import { ProcessingStatus } from '../src/pages/Processing';
import { renderWithApp, serverAnswers, video } from './render';

afterEach(() => localStorage.clear());

describe('the upload page', () => {
  it('brings back an interrupted upload: its texts, and which file continues it', async () => {
    serverAnswers({});
    localStorage.setItem(
      'viztube.upload.draft',
      JSON.stringify({ title: 'Harbour', description: 'At dusk', fileName: 'harbour.webm', fileSize: 2048 }),
    );
    renderWithApp(<Upload />);
    expect(screen.getByRole('status').textContent).toMatch(/“harbour\.webm” \(2\.0 KB\) was interrupted/);
    expect(screen.getByLabelText<HTMLInputElement>('Title').value).toBe('Harbour');
    expect(screen.getByLabelText<HTMLTextAreaElement>('Description').value).toBe('At dusk');
    await userEvent.upload(
      screen.getByLabelText('Video file'),
      new File([new Uint8Array(2048)], 'harbour.webm', { type: 'video/webm' }),
    );
    expect(screen.getByRole('button', { name: 'Continue upload' })).toBeTruthy();
  });

  it('refuses a file over 100 MB before sending a byte, and titles a video after its file', async () => {
    const sent = serverAnswers({});
    renderWithApp(<Upload />);
    const big = new File([new Uint8Array(8)], 'big.mp4', { type: 'video/mp4' });
    Object.defineProperty(big, 'size', { value: 101 * 1024 * 1024 });
    await userEvent.upload(screen.getByLabelText('Video file'), big);
    expect(screen.getByText('This file is larger than 100 MB.')).toBeTruthy();
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Upload' }).disabled).toBe(true);
    await userEvent.upload(
      screen.getByLabelText('Video file'),
      new File([new Uint8Array(8)], 'My trip.mp4', { type: 'video/mp4' }),
    );
    expect(screen.getByLabelText<HTMLInputElement>('Title').value).toBe('My trip');
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Upload' }).disabled).toBe(false);
    expect(sent).toEqual([]);
  });
});

describe("a video's conversion", () => {
  it('shows its progress and each quality as it is made', () => {
    renderWithApp(
      <ProcessingStatus
        video={
          video({
            processing: {
              state: 'running',
              percent: 40,
              renditions: [
                { height: 240, width: 426, state: 'ready' },
                { height: 720, width: 1280, state: 'running' },
              ],
            },
          }) as never
        }
      />,
    );
    expect(screen.getByRole('status').textContent).toBe('Converting: 40 %');
    expect(
      screen.getByRole('progressbar', { name: 'Conversion progress' }).getAttribute('aria-valuenow'),
    ).toBe('40');
    expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      '240p ready',
      '720p running',
    ]);
  });

  it('says why it failed', () => {
    renderWithApp(
      <ProcessingStatus
        video={
          video({
            status: 'failed',
            processing: { state: 'failed', percent: 0, renditions: [], error: 'not a video' },
          }) as never
        }
      />,
    );
    expect(screen.getByRole('status').textContent).toBe('The conversion failed.');
    expect(screen.getByRole('alert').textContent).toBe('not a video');
  });
});
