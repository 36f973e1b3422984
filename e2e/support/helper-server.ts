// The tests' own helper servers (tests/support/*.py: the SMTP sink, the Stripe stand-in) start
// alike: Debian's python3 runs the script, which writes DIR/ready once it listens.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './server';

export async function startHelper(script: string, args: string[], dir: string): Promise<ChildProcess> {
  const child = spawn('/usr/bin/python3', [join(repoRoot, 'tests/support', script), ...args], {
    stdio: 'ignore',
  });
  const deadline = Date.now() + 15_000;
  while (!existsSync(join(dir, 'ready'))) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`${script} did not start`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return child;
}
