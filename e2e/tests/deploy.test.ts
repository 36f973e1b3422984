// What deploy/ ships validates with the real tools (issue 21): Prometheus' alert rules with
// promtool (syntax and their unit tests), the Compose file with docker-compose, every
// Kubernetes overlay rendered by kubectl's kustomize and checked object by object against the
// Kubernetes 1.27 schemas (kubernetes-models), plus what the probes, drain and scaling rely
// on. The images are not built here: this machine has no container engine (docs/OPERATIONS.md
// says how they were checked). The live half, nginx and Prometheus around two instances, is
// tests/blackbox/behind_nginx_test.cpp.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { repoRoot } from '../support/server';

const deploy = join(repoRoot, 'deploy');

function run(command: string, args: string[], cwd = deploy): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
  spec?: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

function parseObjects(text: string): K8sObject[] {
  return parseAllDocuments(text)
    .map((d) => d.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null);
}

// Throws with the schema's complaint when `object` is not a valid `kind` of its apiVersion.
async function validate(object: K8sObject): Promise<void> {
  const [group, version] = object.apiVersion.includes('/')
    ? object.apiVersion.split('/')
    : [undefined, object.apiVersion];
  const module = await import(`kubernetes-models/${group ? `${group}/` : ''}${version}`);
  const Model = module[object.kind];
  if (!Model) throw new Error(`no schema for ${object.apiVersion} ${object.kind}`);
  new Model(object).validate();
}

function render(overlay: string): K8sObject[] {
  return parseObjects(run('kubectl', ['kustomize', join('kubernetes', 'overlays', overlay)]));
}

describe('Prometheus', () => {
  it('loads the alert rules, and they fire when they should', () => {
    expect(run('promtool', ['check', 'rules', 'prometheus/alerts.yml'])).toContain('SUCCESS');
    expect(run('promtool', ['test', 'rules', 'prometheus/alerts_test.yml'])).toContain('SUCCESS');
  });

  it("accepts the Compose stack's configuration", () => {
    // The file names the rules where the container mounts them; point it at ours.
    const dir = mkdtempSync(join(tmpdir(), 'prometheus-config-'));
    try {
      const config = readFileSync(join(deploy, 'prometheus/prometheus.yml'), 'utf8').replace(
        '/etc/prometheus/alerts.yml',
        join(deploy, 'prometheus/alerts.yml'),
      );
      writeFileSync(join(dir, 'prometheus.yml'), config);
      expect(run('promtool', ['check', 'config', join(dir, 'prometheus.yml')])).toContain('SUCCESS');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Docker Compose', () => {
  it('is a valid stack with health checks on every long-running service', () => {
    const config = run('docker-compose', [
      '-f',
      'docker-compose.yml',
      '--env-file',
      '.env.example',
      'config',
    ]);
    const stack = parseObjects(config)[0] as unknown as {
      services: Record<string, { healthcheck?: unknown; entrypoint?: unknown }>;
    };
    const services = Object.keys(stack.services).sort();
    expect(services).toEqual(
      [
        'grafana',
        'minio',
        'minio-setup',
        'nginx',
        'postgres',
        'prometheus',
        'redis',
        'viztube',
        'vizora-a',
        'vizora-b',
      ].sort(),
    );
    for (const [name, service] of Object.entries(stack.services)) {
      // The products' images carry their own HEALTHCHECK; minio-setup runs once and exits.
      if (['vizora-a', 'vizora-b', 'viztube', 'minio-setup'].includes(name)) continue;
      expect(service.healthcheck, name).toBeDefined();
    }
  });

  it('builds images that run unprivileged and say when they are healthy', () => {
    for (const product of ['vizora', 'viztube']) {
      const dockerfile = readFileSync(join(deploy, `docker/${product}.Dockerfile`), 'utf8');
      expect(dockerfile.match(/^FROM /gm)?.length, product).toBeGreaterThanOrEqual(3);
      expect(dockerfile).toMatch(/^FROM debian:12-slim/m);
      expect(dockerfile).toMatch(/^USER 10001/m);
      expect(dockerfile).toMatch(/^HEALTHCHECK [^]*?CMD [^]*?\/healthz/m);
    }
  });
});

describe('Kubernetes', () => {
  for (const overlay of ['staging', 'production']) {
    it(`${overlay}: every object is valid against the Kubernetes schemas`, async () => {
      const objects = render(overlay);
      expect(objects.length).toBeGreaterThanOrEqual(11);
      for (const object of objects) {
        await expect(validate(object), `${object.kind} ${object.metadata.name}`).resolves.toBe(undefined);
        expect(object.metadata.namespace, object.metadata.name).toBe(
          overlay === 'production' ? 'vizora' : 'vizora-staging',
        );
      }
    });

    it(`${overlay}: probes, drain, disruption budgets and autoscaling are in place`, () => {
      const objects = render(overlay);
      const of = (kind: string) => objects.filter((o) => o.kind === kind);
      const deployments = of('Deployment');
      expect(deployments.map((d) => d.metadata.name).sort()).toEqual(['vizora', 'viztube']);
      for (const deployment of deployments) {
        const pod = deployment.spec.template.spec;
        const container = pod.containers[0];
        expect(container.livenessProbe.httpGet.path).toBe('/healthz');
        expect(container.readinessProbe.httpGet.path).toBe('/readyz');
        expect(container.startupProbe.httpGet.path).toBe('/healthz');
        // The server drains within 10 s of SIGTERM, after preStop's pause.
        expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(20);
        expect(container.lifecycle.preStop).toBeDefined();
        expect(pod.securityContext.runAsNonRoot).toBe(true);
        expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
        expect(deployment.spec.strategy.rollingUpdate.maxUnavailable).toBe(0);
        // Secrets come from Secrets, never from the ConfigMap.
        const fromSecrets = container.env.map((e: { name: string }) => e.name);
        expect(fromSecrets).toEqual(expect.arrayContaining(['AWS_SECRET_ACCESS_KEY']));
        const pdb = of('PodDisruptionBudget').find(
          (p) =>
            p.spec.selector.matchLabels['app.kubernetes.io/name'] ===
            deployment.spec.selector.matchLabels['app.kubernetes.io/name'],
        );
        expect(pdb, deployment.metadata.name).toBeDefined();
      }
      for (const config of of('ConfigMap')) {
        const keys = Object.keys((config as unknown as { data: object }).data);
        expect(
          keys.filter((k) => /SECRET|PASSWORD|DATABASE/.test(k)),
          config.metadata.name,
        ).toEqual([]);
      }
      const hpa = of('HorizontalPodAutoscaler')[0]!;
      expect(hpa.spec.scaleTargetRef.name).toBe('vizora');
      expect(hpa.spec.metrics.map((m: { type: string }) => m.type).sort()).toEqual(['Pods', 'Resource']);
      const ingress = of('Ingress').find((i) => i.metadata.name === 'vizora')!;
      expect(ingress.metadata.annotations!['nginx.ingress.kubernetes.io/proxy-read-timeout']).toBe('60');
      expect(ingress.spec.tls[0].secretName).toBeTruthy();
    });
  }

  it('the Secrets to create first are valid too', async () => {
    const secrets = parseObjects(readFileSync(join(deploy, 'kubernetes/base/secrets.example.yaml'), 'utf8'));
    expect(secrets.map((s) => s.metadata.name).sort()).toEqual(['vizora-secrets', 'viztube-secrets']);
    for (const secret of secrets) await validate(secret);
  });
});

describe('Grafana', () => {
  it('has a panel for each thing an operator watches', () => {
    const dashboard = JSON.parse(readFileSync(join(deploy, 'grafana/vizora-dashboard.json'), 'utf8')) as {
      panels: { title: string; targets: { expr: string }[] }[];
    };
    const exprs = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr)).join('\n');
    for (const series of [
      'http_requests_total',
      'http_request_duration_seconds_bucket',
      'http_open_websockets',
      'manifest_push_seconds_bucket',
      'jobs_due',
      'jobs_failed_total',
      'db_pool_waiting',
      'bus_round_trip_seconds',
    ]) {
      expect(exprs, series).toContain(series);
    }
  });
});
