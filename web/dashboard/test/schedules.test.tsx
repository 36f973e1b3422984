import { beforeAll, describe, expect, it } from 'vitest';
import { switchIntl } from '@shared/i18n/intl';
import { dashboardLanguages } from '../src/i18n/languages';
import { cronFor, describeSchedule } from '../src/schedules/schedules';

describe('schedules in words', () => {
  // Words outside components come from the app's language, set by its provider when it runs.
  beforeAll(() => switchIntl('en', dashboardLanguages.english));

  it('turns days and hours into cron and back', () => {
    expect(cronFor('weekdays', '09:00', '11:30')).toEqual({ cron: '0 9 * * 1-5', minutes: 150 });
    expect(cronFor('everyday', '22:15', '01:15')).toEqual({ cron: '15 22 * * *', minutes: 180 });
    expect(describeSchedule({ cronExpression: '0 9 * * 1-5', durationMinutes: 150 })).toBe(
      'Weekdays 09:00–11:30',
    );
    expect(describeSchedule({ cronExpression: '15 22 * * *', durationMinutes: 180 })).toBe(
      'Every day 22:15–01:15',
    );
    expect(describeSchedule({ cronExpression: '0 7 * * 0,6', durationMinutes: null })).toBe(
      'Weekends from 07:00',
    );
    expect(describeSchedule({ cronExpression: '*/5 * * * *', durationMinutes: 1 })).toBe(
      'cron "*/5 * * * *"',
    );
  });
});
