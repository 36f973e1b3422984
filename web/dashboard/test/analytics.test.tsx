import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { daysOfPeriod, lastDays } from '../src/analytics/analytics';
import type { Series } from '@shared/ui/DailyChart';
import { Analytics } from '../src/pages/Analytics';
import { renderWithApp, serverAnswers } from './render';

// uPlot draws on a canvas jsdom lacks: the chart's inputs are what is checked here, its drawing
// in the browser journeys.
const drawn: { days: string[]; series: Series[] }[] = [];
vi.mock('@shared/ui/DailyChart', () => ({
  DailyChart: (props: { days: string[]; series: Series[]; label: string }) => {
    drawn.push({ days: props.days, series: props.series });
    return <div role="img" aria-label={props.label} />;
  },
}));

const now = Date.parse('2026-12-07T10:00:00.000Z');

describe('daysOfPeriod', () => {
  it('spans each period whole, in the zone asked', () => {
    expect(daysOfPeriod(lastDays(1, now), 'UTC')).toEqual(['2026-12-06', '2026-12-07']);
    const week = daysOfPeriod(lastDays(7, now), 'UTC');
    expect(week).toHaveLength(8);
    expect(week[0]).toBe('2026-11-30');
    expect(week.at(-1)).toBe('2026-12-07');
    expect(daysOfPeriod(lastDays(30, now), 'UTC')).toHaveLength(31);
    expect(daysOfPeriod(lastDays(90, now), 'UTC')).toHaveLength(91);
    // 10:00 UTC is already 23:00 in Auckland (UTC+13 in December), and 02:00 in Los Angeles.
    expect(daysOfPeriod(lastDays(1, now), 'Pacific/Auckland')).toEqual(['2026-12-06', '2026-12-07']);
    expect(daysOfPeriod(lastDays(1, now), 'America/Los_Angeles')).toEqual(['2026-12-06', '2026-12-07']);
    expect(
      daysOfPeriod({ from: '2026-12-07T11:30:00.000Z', to: '2026-12-07T12:00:00.000Z' }, 'Pacific/Auckland'),
    ).toEqual(['2026-12-08']);
  });

  it('counts a day of 23 or 25 hours once', () => {
    // Europe/Paris moved its clocks on 2026-03-29 and 2026-10-25.
    const spring = daysOfPeriod(
      { from: '2026-03-27T23:00:00.000Z', to: '2026-03-30T22:00:00.000Z' },
      'Europe/Paris',
    );
    expect(spring).toEqual(['2026-03-28', '2026-03-29', '2026-03-30']);
    const autumn = daysOfPeriod(
      { from: '2026-10-24T22:00:00.000Z', to: '2026-10-26T23:00:00.000Z' },
      'Europe/Paris',
    );
    expect(autumn).toEqual(['2026-10-25', '2026-10-26']);
  });
});

function renderAnalytics(items: { deviceId: string; day: string; impressions: number }[]) {
  drawn.length = 0;
  serverAnswers({
    'GET /api/v1/analytics/content-performance': { status: 200, body: { items: [] } },
    'GET /api/v1/analytics/devices/impressions': {
      status: 200,
      body: { timezone: 'Europe/Paris', items: items.map((i) => ({ ...i, shownMs: 0 })) },
    },
    'GET /api/v1/analytics/devices/uptime': { status: 200, body: { items: [] } },
    'GET /api/v1/devices': {
      status: 200,
      body: { items: [{ id: 'd1', nickname: 'Lobby', status: 'online', groupIds: [] }], nextCursor: null },
    },
    'GET /api/v1/content': { status: 200, body: { items: [], nextCursor: null } },
  });
  renderWithApp(<Analytics />, { path: '/analytics' });
}

describe('Analytics', () => {
  it('draws every day of the period, quiet ones as zero, in the organization’s zone', async () => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(Date.now());
    renderAnalytics([{ deviceId: 'd1', day: today, impressions: 12 }]);
    expect(await screen.findByRole('img', { name: /Impressions per screen per day/ })).toBeTruthy();
    const chart = drawn.at(-1)!;
    expect(chart.days).toHaveLength(8);
    expect(chart.days.at(-1)).toBe(today);
    expect(chart.series).toEqual([{ label: 'Lobby', values: [0, 0, 0, 0, 0, 0, 0, 12] }]);
    expect(screen.getByRole('columnheader', { name: 'Day (Europe/Paris)' })).toBeTruthy();

    await userEvent.selectOptions(screen.getByLabelText('Period'), '30');
    await vi.waitFor(() => expect(drawn.at(-1)!.days).toHaveLength(31));
  });

  it('says what to do when there is nothing to show', async () => {
    renderAnalytics([]);
    const nothing = await screen.findByRole('heading', { name: 'Nothing shown in this period' });
    expect(nothing.parentElement?.textContent).toContain('Publish a playlist');
    const noScreens = screen.getByRole('heading', { name: 'No screens yet' }).parentElement!;
    expect(within(noScreens).getByRole('link', { name: 'Pair a screen' }).getAttribute('href')).toBe(
      '/screens',
    );
    expect(screen.getByRole('heading', { name: 'No impressions in this period' })).toBeTruthy();
  });
});
