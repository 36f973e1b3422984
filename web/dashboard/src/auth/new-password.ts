// The rules of a password someone chooses, the same on every form that asks for one (the
// server's own minimum is 8 characters too).

import { z } from 'zod';
import { ruleMessage } from '@shared/i18n/intl';

export const newPassword = z.string().min(8, ruleMessage('form.passwordTooShort'));

// A new password typed twice: spread into a form's fields, then `.refine(...passwordsMatch)`.
export const passwordTwice = { password: newPassword, repeated: z.string() };
export const passwordsMatch: [
  (v: { password: string; repeated: string }) => boolean,
  { error: () => string; path: string[] },
] = [(v) => v.password === v.repeated, { ...ruleMessage('form.passwordsDiffer'), path: ['repeated'] }];
