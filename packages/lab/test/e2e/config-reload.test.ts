import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FacilitatorRoom, facilitatorRoom } from '../facilitator/room.js';
import { runLab, waitFor } from '../helpers.js';

/*
 * Step 4's Q5 on the real cluster, in an attendee's namespace of the facilitator kit without
 * the Reloader opt-in label, with the attendee's own kubeconfig: re-applying the edited
 * Collector ConfigMap updates the file in the pod, yet nothing restarts the Collector and it
 * keeps exporting as before, until the pod is deleted. (Reloader itself is not installed here:
 * this is the half of its contract Kubernetes keeps on its own.)
 */

let room: FacilitatorRoom;

beforeAll(async () => {
  room = await facilitatorRoom();
}, 1_800_000);

afterAll(() => room?.remove());

const exercise = () => join(room.work, 'kustomize', 'overlays', 'exercise');
function edit(file: string, from: string, to: string) {
  const path = join(exercise(), file);
  const text = readFileSync(path, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} has no ${from}`);
  writeFileSync(path, text.replace(from, to));
}
/** `tracing-lab check` with the attendee's kubeconfig. */
const check = () =>
  runLab(['check', '-n', room.own], { env: { ...room.env, KUBECONFIG: room.attendeeConfig } });
const collectorPod = async () => {
  const pods = JSON.parse(
    await room.admin([
      'get',
      'pods',
      '-n',
      room.own,
      '-l',
      'app.kubernetes.io/name=otel-collector',
      '-o',
      'json',
    ]),
  ).items as {
    metadata: { name: string; uid: string };
    status: { containerStatuses: { restartCount: number }[] };
  }[];
  expect(pods).toHaveLength(1);
  return pods[0] as (typeof pods)[number];
};

/**
 * Adds to a running pod an ephemeral container (the server image's node) that prints, every
 * second, whether the pod's mounted Collector config names the Jaeger exporter: the Collector
 * image has no shell to look with. Returns a function reading its last answer.
 */
async function watchMountedConfig(pod: string) {
  const image = await room.admin([
    'get',
    'deploy',
    'server',
    '-n',
    room.own,
    '-o',
    'jsonpath={.spec.template.spec.containers[0].image}',
  ]);
  const script =
    "setInterval(() => console.log(require('fs').readFileSync('/config/config.yaml', 'utf8').includes('otlp_grpc/jaeger') ? 'new' : 'old'), 1000)";
  const container = {
    name: 'config-reader',
    image,
    command: ['node', '-e', script],
    volumeMounts: [{ name: 'config', mountPath: '/config', readOnly: true }],
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
  };
  await room.admin([
    'patch',
    'pod',
    pod,
    '-n',
    room.own,
    '--subresource',
    'ephemeralcontainers',
    '--type',
    'strategic',
    '-p',
    JSON.stringify({ spec: { ephemeralContainers: [container] } }),
  ]);
  return () =>
    room
      .admin(['logs', pod, '-n', room.own, '-c', 'config-reader', '--tail=1'])
      .then((text) => text.trim());
}

describe('Q5: in a namespace without the opt-in label, re-applying the ConfigMap restarts nothing', () => {
  it("the attendee's credentials deploy the exercise and run tracing-lab check", async () => {
    for (const file of ['client-otlp-endpoint.yaml', 'server-otlp-endpoint.yaml'])
      edit(file, 'http://xxx:123', 'http://otel-collector:4317');
    await room.attendee(['apply', '-k', exercise(), '-n', room.own]);
    const report = await waitFor(
      'check to reach step 5',
      async () => {
        const run = await check();
        return run.stdout.includes('current step: 5.') && run;
      },
      90_000,
    );
    expect(report.stdout).toContain('Jaeger has no traces of client and server yet');
    expect(report.stdout).not.toMatch(/forbidden|could not ask/i);
  }, 120_000);

  it('the file in the pod changes; the Collector keeps its pod, its process and its old config', async () => {
    const before = await collectorPod();
    edit(
      'otel-collector-config.yaml',
      '    verbosity: normal\n',
      '    verbosity: normal\n  otlp_grpc/jaeger:\n    endpoint: jaeger:4317\n    tls:\n      insecure: true\n',
    );
    edit(
      'otel-collector-config.yaml',
      'exporters: [debug]',
      'exporters: [debug, otlp_grpc/jaeger]',
    );
    const mounted = await watchMountedConfig(before.metadata.name);
    await waitFor('the config-reader to start', async () => (await mounted()) === 'old', 60_000);
    await room.attendee(['apply', '-k', exercise(), '-n', room.own]);
    // The kubelet rewrites the mounted file within its sync period (about a minute).
    await waitFor(
      'the kubelet to update the mounted config',
      async () => (await mounted()) === 'new',
      180_000,
    );
    // Spans arrive every second: a Collector on the new config would have exported by now.
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    const after = await collectorPod();
    expect(after.metadata.uid).toBe(before.metadata.uid);
    expect(after.status.containerStatuses[0]?.restartCount).toBe(0);
    const report = await check();
    expect(report.stdout).toMatch(/^✗ 6\. .*before otel-collector-config changed/m);
    expect(report.stdout).toContain('Jaeger has no traces of client and server yet');
  }, 300_000);

  it('once the attendee deletes the pod, the new config runs and traces reach Jaeger', async () => {
    await room.attendee([
      'delete',
      'pod',
      '-n',
      room.own,
      '-l',
      'app.kubernetes.io/name=otel-collector',
    ]);
    const report = await waitFor(
      'check to report all done',
      async () => {
        const run = await check();
        return run.code === 0 && run;
      },
      90_000,
    );
    expect(report.stdout).toContain('all 8 steps done');
  }, 120_000);
});
