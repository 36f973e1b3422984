import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { describe, expect, it } from 'vitest';
import { Page } from '../src/auth/gates';
import { NotificationSettings } from '../src/notifications/NotificationSettings';
import { Unsubscribe } from '../src/pages/Unsubscribe';
import { renderWithApp, serverAnswers } from './render';

const settings = (offlineAlerts: boolean, weeklySummary: boolean, offlineAlertMinutes = 15) => ({
  status: 200,
  body: { offlineAlertMinutes, preferences: { offlineAlerts, weeklySummary } },
});

describe('NotificationSettings', () => {
  it("changes the person's own choices and, for an admin, the offline threshold", async () => {
    const sent = serverAnswers({
      'GET /api/v1/notifications': settings(true, false),
      'PATCH /api/v1/notifications/preferences': settings(true, true),
      'PATCH /api/v1/notifications/organization': settings(true, true, 60),
    });
    renderWithApp(<NotificationSettings isAdmin />);
    const weekly = await screen.findByRole('checkbox', { name: 'Email me a weekly summary of what played' });
    expect((weekly as HTMLInputElement).checked).toBe(false);
    await userEvent.click(weekly);
    expect(sent.at(-1)).toMatchObject({
      method: 'PATCH',
      path: '/api/v1/notifications/preferences',
      body: { weeklySummary: true },
    });
    expect(
      ((await screen.findByRole('checkbox', { checked: true, name: /weekly/ })) as HTMLInputElement).checked,
    ).toBe(true);
    await userEvent.selectOptions(screen.getByLabelText('Report a screen that is offline'), 'after an hour');
    expect(sent.at(-1)).toMatchObject({
      method: 'PATCH',
      path: '/api/v1/notifications/organization',
      body: { offlineAlertMinutes: 60 },
    });
  });

  it('shows no threshold to someone who is not an admin', async () => {
    serverAnswers({ 'GET /api/v1/notifications': settings(true, false) });
    renderWithApp(<NotificationSettings isAdmin={false} />);
    await screen.findByRole('checkbox', { name: /screen goes offline/ });
    expect(screen.queryByLabelText('Report a screen that is offline')).toBeNull();
  });
});

describe('Unsubscribe', () => {
  it('turns the topic off with one button and says which', async () => {
    const sent = serverAnswers({
      'GET /api/v1/auth/me': { status: 401, body: { error: { code: 'AUTH_002', message: 'no' } } },
      'POST /api/v1/notifications/unsubscribe': {
        status: 200,
        body: { topic: 'offlineAlerts', unsubscribed: true },
      },
    });
    renderWithApp(
      <Routes>
        <Route
          path="/unsubscribe"
          element={
            <Page>
              <Unsubscribe />
            </Page>
          }
        />
      </Routes>,
      { path: '/unsubscribe?token=tok-7' },
    );
    expect(sent.filter((s) => s.method === 'POST')).toHaveLength(0);
    await userEvent.click(await screen.findByRole('button', { name: 'Unsubscribe' }));
    expect((await screen.findByRole('status')).textContent).toContain('screens that go offline');
    expect(sent.at(-1)).toMatchObject({
      method: 'POST',
      path: '/api/v1/notifications/unsubscribe?token=tok-7',
    });
  });
});
