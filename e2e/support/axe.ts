// Accessibility checks in the browser tests: axe-core (the engine behind Lighthouse's audit)
// run in the page against WCAG 2.x A and AA. What it finds serious or critical fails the test.

import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axeSource });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (o: object) => Promise<any> } }).axe;
    const result = await axe.run({
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return (result.violations as any[])
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        // Where, and axe's last word on why (a contrast failure names both colours).
        targets: v.nodes.map(
          (n: any) =>
            `${String(n.target)}: ${String(n.failureSummary ?? '')
              .split('\n')
              .pop()}`,
        ),
      }));
  });
}
