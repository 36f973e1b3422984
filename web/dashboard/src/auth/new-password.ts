// The rules of a password someone chooses, the same on every form that asks for one (the
// server's own minimum is 8 characters too).

import { z } from 'zod';

export const newPassword = z.string().min(8, 'Use at least 8 characters.');

// A new password typed twice: spread into a form's fields, then `.refine(...passwordsMatch)`.
export const passwordTwice = { password: newPassword, repeated: z.string() };
export const passwordsMatch: [
  (v: { password: string; repeated: string }) => boolean,
  { message: string; path: string[] },
] = [(v) => v.password === v.repeated, { message: 'The two passwords differ.', path: ['repeated'] }];
