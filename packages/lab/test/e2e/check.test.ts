import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AttendeeCopy, attendeeCopy, currentStep, stepLine } from '../check/attendee-copy.js';

/*
 * An attendee's path through the exercise on the real cluster, with the edits they make (the
 * YAML edited as text in a copy of kustomize/, then `kubectl apply -k`), and what
 * `tracing-lab check` says at each state.
 */

let lab: AttendeeCopy;
const collectorPods = async () =>
  (
    JSON.parse(
      await lab.kubectl([
        'get',
        'pods',
        '-n',
        lab.namespace,
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
  lab = await attendeeCopy('chk');
}, 1_800_000);

afterAll(() => lab?.remove());

describe('tracing-lab check along the exercise', () => {
  it('bad usage exits 2 with one line naming the culprit', async () => {
    const none = await lab.check();
    expect(none.code).toBe(2);
    expect(none.stderr.trim().split('\n')).toEqual([
      'tracing-lab: check: give the namespace (-n NAMESPACE) or --all',
    ]);
    const missing = await lab.check('-n', `${lab.namespace}-nowhere`);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toBe(`tracing-lab: namespace ${lab.namespace}-nowhere not found`);
    const noKubectl = await lab.check('-n', lab.namespace, '--kubectl', '/nonexistent/kubectl');
    expect(noKubectl.code).toBe(2);
    expect(noKubectl.stderr).toContain('/nonexistent/kubectl');
  });

  it('an empty namespace: deploy the server and the client first', async () => {
    const run = await lab.check('-n', lab.namespace);
    expect(run.code).toBe(1);
    expect(stepLine(run, 1)).toMatch(/^✗ 1\. .*server not deployed/);
    expect(run.stdout).toContain(`-l app.kubernetes.io/name=server -n ${lab.namespace}`);
  });

  it('the exercise as deployed: the export endpoint is still the placeholder', async () => {
    await lab.apply();
    const run = await lab.until(
      'the placeholder reported, Jaeger up',
      (r) => currentStep(r) === '3' && /^✓ 4\./.test(stepLine(r, 4)),
    );
    expect(run.code).toBe(1);
    expect(stepLine(run, 1)).toMatch(/^✓ 1\./);
    expect(stepLine(run, 3)).toContain('client and server export to http://xxx:123');
    expect(stepLine(run, 8)).toContain('Jaeger has no traces of client and server yet');
    const hint = run.stdout.split('\n').find((l) => l.startsWith('hint: ')) ?? '';
    expect(hint).toContain('OTEL_');
    expect(hint, 'the hint leaves the answer to find').not.toContain('otel-collector:4317');
  }, 180_000);

  it('endpoint fixed: the Collector has no exporter to Jaeger in its traces pipeline', async () => {
    for (const file of ['client-otlp-endpoint.yaml', 'server-otlp-endpoint.yaml'])
      lab.edit(file, 'http://xxx:123', 'http://otel-collector:4317');
    await lab.apply();
    const run = await lab.reaches(5);
    expect(stepLine(run, 3)).toMatch(/^✓ 3\./);
    expect(stepLine(run, 5)).toContain('traces pipeline exports to [debug] only');
    const all = await lab.check('--all');
    const mine = all.stdout.split('\n').find((l) => l.startsWith(`${lab.namespace} `));
    expect(mine).toMatch(/✗ step 5\/8 Collector exports traces to Jaeger/);
  }, 180_000);

  it('exporter added and applied: the Collector pod did not roll, nothing restarted it', async () => {
    const before = await collectorPods();
    lab.edit(
      'otel-collector-config.yaml',
      '    verbosity: normal\n',
      '    verbosity: normal\n  otlp_grpc/jaeger:\n    endpoint: jaeger:4317\n',
    );
    lab.edit(
      'otel-collector-config.yaml',
      'exporters: [debug]',
      'exporters: [debug, otlp_grpc/jaeger]',
    );
    await lab.apply();
    const run = await lab.reaches(6);
    expect(stepLine(run, 5)).toMatch(/^✓ 5\./);
    expect(stepLine(run, 6)).toMatch(/started .* before otel-collector-config changed/);
    expect(run.stdout).toContain('hint: the Collector reads config.yaml once, at start');
    const after = await collectorPods();
    expect(after.map((p) => p.metadata.uid)).toEqual(before.map((p) => p.metadata.uid));
    expect(after[0]?.status.containerStatuses?.[0]?.restartCount).toBe(0);
  }, 180_000);

  it('pod replaced: the Collector logs the TLS handshake error', async () => {
    await lab.deletePods('otel-collector');
    const run = await lab.reaches(7);
    expect(stepLine(run, 6)).toMatch(/^✓ 6\./);
    expect(stepLine(run, 7)).toContain('otlp_grpc/jaeger');
    expect(stepLine(run, 7)).toContain('authentication handshake failed');
    expect(run.stdout).toContain('hint: the exporter speaks TLS');
  }, 180_000);

  it('TLS fixed and the pod replaced: every step done, exit 0', async () => {
    lab.edit(
      'otel-collector-config.yaml',
      'endpoint: jaeger:4317\n',
      'endpoint: jaeger:4317\n    tls:\n      insecure: true\n',
    );
    await lab.apply();
    await lab.deletePods('otel-collector');
    // Traces reach Jaeger once the client's and server's gRPC exporters reach the new Collector:
    // seconds, thanks to the Collector's preStop pause (kustomize/base/otel-collector). The margin
    // is for a busy machine, where the new pod starts slowly and one exporter's reconnect backoff
    // (gRPC's grows 1.6x per failed attempt) has taken it past a minute.
    const run = await lab.reaches('done', 150_000);
    expect(run.stdout.split('\n').filter((l) => l.startsWith('✓ '))).toHaveLength(8);
    expect(run.stdout).toContain('all 8 steps done');
    const all = await lab.check('--all');
    expect(all.stdout.split('\n')).toContainEqual(
      expect.stringMatching(new RegExp(`^${lab.namespace} +✓ done`)),
    );
  }, 300_000);
});
