// A real `vizora serve` (or `viztube serve`: VizTubeServer) on a free loopback port with its own data directory, which a test can
// stop and start again on the same port and data (an outage, as a screen sees it).

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const port = (probe.address() as { port: number }).port;
      probe.close(() => done(port));
    });
  });
}

export class VizoraServer {
  private child: ChildProcess | null = null;
  readonly dataDir: string;
  port = 0;

  private extraArgs: string[] = [];

  private constructor(private readonly binary: string) {
    this.dataDir = mkdtempSync(join(tmpdir(), 'vizora-e2e-'));
  }

  // `extraArgs` may depend on the port (a --public-url that links back to this server).
  static async start(
    extraArgs: string[] | ((port: number) => string[]) = [],
    binary = process.env.VIZORA_BIN ?? join(repoRoot, 'build/bin/vizora'),
  ): Promise<VizoraServer> {
    const server = new VizoraServer(binary);
    server.port = await freePort();
    server.extraArgs = typeof extraArgs === 'function' ? extraArgs(server.port) : extraArgs;
    await server.resume();
    return server;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  // Starts (again) on the same port and data directory.
  async resume(): Promise<void> {
    const log = openSync(join(this.dataDir, 'server.log'), 'a');
    this.child = spawn(
      this.binary,
      [
        'serve',
        '--listen',
        `127.0.0.1:${this.port}`,
        '--data',
        this.dataDir,
        '--web',
        join(repoRoot, 'web'),
        ...this.extraArgs,
      ],
      { stdio: ['ignore', log, log] },
    );
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`${this.binary} exited:\n${this.log()}`);
      try {
        if ((await fetch(`${this.url}/readyz`)).ok) return;
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`${this.binary} did not become ready:\n${this.log()}`);
  }

  // SIGTERM, as an operator stops it; resolves when the process is gone.
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
    this.child = null;
  }

  log(): string {
    try {
      return readFileSync(join(this.dataDir, 'server.log'), 'utf8');
    } catch {
      return '';
    }
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

// The same for VizTube: `viztube serve` of this build.
export function startVizTube(extraArgs: string[] = []): Promise<VizoraServer> {
  return VizoraServer.start(extraArgs, process.env.VIZTUBE_BIN ?? join(repoRoot, 'build/bin/viztube'));
}
