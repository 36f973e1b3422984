import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

// jsdom draws no canvas: the chart is seen in the browser journeys (e2e/), its numbers here.
vi.mock('@shared/ui/DailyChart', () => ({
  DailyChart: ({ label }: { label: string }) => <div role="img" aria-label={label} />,
}));
import { Overview } from '../src/studio/Overview';
import { VideosTable } from '../src/studio/VideosTable';
import { ok, page, renderWithApp, serverAnswers, video } from './render';

describe('the studio', () => {
  it("shows the channel's totals and its days", async () => {
    serverAnswers({
      'GET /api/v2/dashboard/stats': ok({
        totalViews: 1234,
        totalSubscribers: 5,
        totalVideos: 2,
        totalLikes: 7,
        daily: [
          { date: '2026-12-04', views: 10, likes: 1, subscribers: 0 },
          { date: '2026-12-05', views: 20, likes: 2, subscribers: 1 },
        ],
      }),
    });
    renderWithApp(<Overview />);
    const views = await screen.findByText('Views', { selector: 'dt' });
    expect(views.nextElementSibling?.textContent).toBe('1.2K');
    const rows = within(screen.getByRole('table'))
      .getAllByRole('row')
      .map((r) => r.textContent);
    expect(rows).toEqual(['DayViewsLikesNew subscribers', '2026-12-052021', '2026-12-041010']);
  });

  it('hides and shows a video with its switch, and says where its conversion stands', async () => {
    let published = true;
    const sent = serverAnswers({
      'GET /api/v2/dashboard/videos': () => ok(page([video({ isPublished: published })])),
      'PATCH /api/v2/videos/toggle/publish/v1': () => {
        published = !published;
        return ok(video({ isPublished: published }));
      },
    });
    renderWithApp(<VideosTable />);
    const visible = await screen.findByRole('switch', { name: 'Public: Sunset' });
    expect(visible.getAttribute('aria-checked')).toBe('true');
    await userEvent.click(visible);
    await screen.findByRole('switch', { name: 'Public: Sunset', checked: false });
    expect(sent.filter((s) => s.method === 'PATCH').map((s) => s.path)).toEqual([
      '/api/v2/videos/toggle/publish/v1',
    ]);
    expect(screen.getByText('Ready')).toBeTruthy();
  });
});
