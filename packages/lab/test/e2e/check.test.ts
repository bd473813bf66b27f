import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kubectl } from '../../src/kube-cluster/kubectl.js';
import { type LabRun, repoRoot, runLab, waitFor } from '../helpers.js';
import { restrictedNamespace, sharedCluster } from '../kubernetes/shared-cluster.js';

/*
 * An attendee's path through the exercise on the real cluster, with the edits they make (the
 * YAML edited as text in a copy of kustomize/, then `kubectl apply -k`), and what
 * `tracing-lab check` says at each state. check runs as a user runs it: the kubectl on PATH,
 * the kubeconfig in KUBECONFIG.
 */

let kubectl: Kubectl;
let env: NodeJS.ProcessEnv;
let namespace: { name: string; remove: () => Promise<void> };
let work: string;
const overlay = () => join(work, 'kustomize', 'overlays', 'exercise');

const check = (...args: string[]) => runLab(['check', ...args], { env });
const current = (run: LabRun) => /^current step: (\d+)\./m.exec(run.stdout)?.[1];
const stepLine = (run: LabRun, n: number) =>
  run.stdout.split('\n').find((l) => new RegExp(`^[✓✗] ${n}\\. `).test(l)) ?? '';

/** Polls `check` until the current step is `step` (pods take seconds to roll). */
async function reaches(step: number | 'done'): Promise<LabRun> {
  let last: LabRun | undefined;
  return waitFor(
    `check to report ${step === 'done' ? 'all done' : `step ${step}`}`,
    async () => {
      last = await check('-n', namespace.name);
      return (step === 'done' ? last.code === 0 : current(last) === String(step)) && last;
    },
    // After the Collector's pod is replaced, the client's and server's gRPC exporters take up to
    // a minute to reconnect (their backoff grew while the old pod was going).
    150_000,
  ).catch((error: Error) => {
    throw new Error(`${error.message}; last report:\n${last?.stdout}${last?.stderr}`);
  });
}

function edit(file: string, from: string, to: string) {
  const path = join(overlay(), file);
  const text = readFileSync(path, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} has no ${from}`);
  writeFileSync(path, text.replace(from, to));
}
const apply = () => kubectl(['apply', '-k', overlay(), '-n', namespace.name]);
const collectorPods = async () =>
  (
    JSON.parse(
      await kubectl([
        'get',
        'pods',
        '-n',
        namespace.name,
        '-l',
        'app.kubernetes.io/name=otel-collector',
        '-o',
        'json',
      ]),
    ) as {
      items: {
        metadata: { uid: string };
        status: { containerStatuses?: { restartCount: number }[] };
      }[];
    }
  ).items;

beforeAll(async () => {
  const cluster = await sharedCluster();
  kubectl = cluster.kubectl;
  env = {
    ...process.env,
    KUBECONFIG: cluster.kubeconfig,
    PATH: `${dirname(cluster.kubectlPath)}${delimiter}${process.env.PATH}`,
  };
  namespace = await restrictedNamespace(kubectl, 'chk');
  work = mkdtempSync(join(tmpdir(), 'tracing-lab-check-'));
  cpSync(join(repoRoot, 'kustomize'), join(work, 'kustomize'), { recursive: true });
}, 1_800_000);

afterAll(async () => {
  await namespace?.remove();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('tracing-lab check along the exercise', () => {
  it('bad usage exits 2 with one line naming the culprit', async () => {
    const none = await check();
    expect(none.code).toBe(2);
    expect(none.stderr.trim().split('\n')).toEqual([
      'tracing-lab: check: give the namespace (-n NAMESPACE) or --all',
    ]);
    const missing = await check('-n', `${namespace.name}-nowhere`);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toBe(
      `tracing-lab: namespace ${namespace.name}-nowhere not found`,
    );
    const noKubectl = await check('-n', namespace.name, '--kubectl', '/nonexistent/kubectl');
    expect(noKubectl.code).toBe(2);
    expect(noKubectl.stderr).toContain('/nonexistent/kubectl');
  });

  it('an empty namespace: deploy the server and the client first', async () => {
    const run = await check('-n', namespace.name);
    expect(run.code).toBe(1);
    expect(stepLine(run, 1)).toMatch(/^✗ 1\. .*server not deployed/);
    expect(run.stdout).toContain(`-l app.kubernetes.io/name=server -n ${namespace.name}`);
  });

  it('the exercise as deployed: the export endpoint is still the placeholder', async () => {
    await apply();
    const run = await reaches(3);
    expect(run.code).toBe(1);
    expect(stepLine(run, 1)).toMatch(/^✓ 1\./);
    expect(stepLine(run, 3)).toContain('exports to http://xxx:123');
    const hint = run.stdout.split('\n').find((l) => l.startsWith('hint: ')) ?? '';
    expect(hint).toContain('OTEL_');
    expect(hint, 'the hint leaves the answer to find').not.toContain('otel-collector:4317');
  }, 180_000);

  it('endpoint fixed: the Collector has no exporter to Jaeger in its traces pipeline', async () => {
    for (const file of ['client-otlp-endpoint.yaml', 'server-otlp-endpoint.yaml'])
      edit(file, 'http://xxx:123', 'http://otel-collector:4317');
    await apply();
    const run = await reaches(5);
    expect(stepLine(run, 3)).toMatch(/^✓ 3\./);
    expect(stepLine(run, 5)).toContain('traces pipeline exports to [debug] only');
    const all = await check('--all');
    const mine = all.stdout.split('\n').find((l) => l.startsWith(`${namespace.name} `));
    expect(mine).toMatch(/✗ step 5\/8 Collector exports traces to Jaeger/);
  }, 180_000);

  it('exporter added and applied: the Collector pod did not roll, nothing restarted it', async () => {
    const before = await collectorPods();
    edit(
      'otel-collector-config.yaml',
      '    verbosity: normal\n',
      '    verbosity: normal\n  otlp_grpc/jaeger:\n    endpoint: jaeger:4317\n',
    );
    edit(
      'otel-collector-config.yaml',
      'exporters: [debug]',
      'exporters: [debug, otlp_grpc/jaeger]',
    );
    await apply();
    const run = await reaches(6);
    expect(stepLine(run, 5)).toMatch(/^✓ 5\./);
    expect(stepLine(run, 6)).toMatch(/started .* before otel-collector-config changed/);
    expect(run.stdout).toContain('hint: the Collector reads config.yaml once, at start');
    const after = await collectorPods();
    expect(after.map((p) => p.metadata.uid)).toEqual(before.map((p) => p.metadata.uid));
    expect(after[0]?.status.containerStatuses?.[0]?.restartCount).toBe(0);
  }, 180_000);

  it('pod replaced: the Collector logs the TLS handshake error', async () => {
    await kubectl([
      'delete',
      'pod',
      '-n',
      namespace.name,
      '-l',
      'app.kubernetes.io/name=otel-collector',
    ]);
    const run = await reaches(7);
    expect(stepLine(run, 6)).toMatch(/^✓ 6\./);
    expect(stepLine(run, 7)).toContain('otlp_grpc/jaeger');
    expect(stepLine(run, 7)).toContain('authentication handshake failed');
    expect(run.stdout).toContain('hint: the exporter speaks TLS');
  }, 180_000);

  it('TLS fixed and the pod replaced: every step done, exit 0', async () => {
    edit(
      'otel-collector-config.yaml',
      'endpoint: jaeger:4317\n',
      'endpoint: jaeger:4317\n    tls:\n      insecure: true\n',
    );
    await apply();
    await kubectl([
      'delete',
      'pod',
      '-n',
      namespace.name,
      '-l',
      'app.kubernetes.io/name=otel-collector',
    ]);
    const run = await reaches('done');
    expect(run.stdout.split('\n').filter((l) => l.startsWith('✓ '))).toHaveLength(8);
    expect(run.stdout).toContain('all 8 steps done');
    const all = await check('--all');
    expect(all.stdout.split('\n')).toContainEqual(
      expect.stringMatching(new RegExp(`^${namespace.name} +✓ done`)),
    );
  }, 180_000);
});
