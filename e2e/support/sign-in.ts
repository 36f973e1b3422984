// Signing in to the dashboard the way a person does: on its sign-in page.

import type { Page } from 'playwright-core';

export async function signIn(
  page: Page,
  base: string,
  email = 'ada@example.com',
  password = 'correct horse',
): Promise<void> {
  await page.goto(`${base}/sign-in`);
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
