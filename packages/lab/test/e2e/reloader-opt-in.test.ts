import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import { type Kubectl, kubectlFor } from '../../src/kube-cluster/kubectl.js';
import { repoRoot, runLab, waitFor } from '../helpers.js';
import { sharedCluster } from '../kubernetes/shared-cluster.js';

/*
 * The facilitator kit on the real API server: kustomize/facilitator/cluster (the ClusterRole
 * and the ValidatingAdmissionPolicy) and two attendees made by add-attendees.sh, then the
 * attendee's own kubeconfig (attendee-kubeconfig.sh) doing what the exercise asks. The
 * cluster-wide objects get a suffix of this run in their names, so a room's own kit on the
 * same cluster is left alone; the policy selects every "attendee" ServiceAccount, as the kit's
 * does, with the same rules. Everything is deleted at the end.
 */

const run = promisify(execFile);
const suffix = `chk-${process.pid}-${Date.now().toString(36)}`;
const roleName = `tracing-lab-attendee-namespace-${suffix}`;
const policyName = `tracing-lab-reloader-opt-in-${suffix}`;
const [own, other] = [`${suffix}-a1`, `${suffix}-a2`];
const ONLY_LABEL = 'an attendee may set or remove the label tracing-lab.dev/reloader only';
const OWN_ONLY = 'an attendee may change their own namespace only';

let admin: Kubectl;
let attendee: Kubectl;
let env: NodeJS.ProcessEnv;
let work: string;
let attendeeConfig: string;
const made: string[][] = [];

/** The YAML documents of a render, each renamed by `rename` when it returns a name. */
// biome-ignore lint/suspicious/noExplicitAny: rendered objects are renamed field by field
function renamed(text: string, rename: (doc: Record<string, any>) => void): string {
  return parseAllDocuments(text)
    .map((d) => d.toJS())
    .filter(Boolean)
    .map((doc) => {
      rename(doc);
      return stringify(doc);
    })
    .join('---\n');
}

beforeAll(async () => {
  const cluster = await sharedCluster();
  admin = cluster.kubectl;
  env = {
    ...process.env,
    KUBECONFIG: cluster.kubeconfig,
    PATH: `${dirname(cluster.kubectlPath)}${delimiter}${process.env.PATH}`,
  };
  work = mkdtempSync(join(tmpdir(), 'tracing-lab-facilitator-'));
  cpSync(join(repoRoot, 'kustomize'), join(work, 'kustomize'), { recursive: true });
  const kit = join(work, 'kustomize', 'facilitator');

  const clusterKit = renamed(await admin(['kustomize', join(kit, 'cluster')]), (doc) => {
    if (doc.kind === 'ClusterRole') doc.metadata.name = roleName;
    if (doc.kind?.startsWith('ValidatingAdmissionPolicy')) doc.metadata.name = policyName;
    if (doc.kind === 'ValidatingAdmissionPolicyBinding') doc.spec.policyName = policyName;
  });
  made.push(['clusterrole', roleName], ['validatingadmissionpolicy', policyName]);
  made.push(['validatingadmissionpolicybinding', policyName]);
  await admin(['apply', '-f', '-'], clusterKit);

  const attendees = await run(join(kit, 'add-attendees.sh'), ['2'], {
    env: { ...env, DRY_RUN: '1', PREFIX: `${suffix}-a` },
  });
  const objects = renamed(attendees.stdout, (doc) => {
    if (doc.kind === 'ClusterRoleBinding') {
      doc.roleRef.name = roleName;
      made.push(['clusterrolebinding', doc.metadata.name]);
    }
  });
  made.push(['namespace', own], ['namespace', other]);
  await admin(['apply', '-f', '-'], objects);

  const kubeconfig = await run(join(kit, 'attendee-kubeconfig.sh'), [own], { env });
  attendeeConfig = join(work, `${own}.kubeconfig`);
  writeFileSync(attendeeConfig, kubeconfig.stdout, { mode: 0o600 });
  attendee = kubectlFor(cluster.kubectlPath, attendeeConfig);

  // An admission policy takes effect a moment after it is created: wait until it refuses.
  await waitFor(
    'the admission policy to refuse an attendee',
    () =>
      attendee(['label', 'namespace', own, 'probe=1', '--dry-run=server']).then(
        () => false,
        (error: Error) => error.message.includes(ONLY_LABEL),
      ),
    30_000,
  );
}, 1_800_000);

afterAll(async () => {
  for (const [kind, name] of made.reverse())
    await admin?.(['delete', kind, name, '--ignore-not-found', '--wait=false']).catch(() => {});
  if (work) rmSync(work, { recursive: true, force: true });
});

const labelsOf = async (namespace: string) =>
  JSON.parse(await admin(['get', 'namespace', namespace, '-o', 'jsonpath={.metadata.labels}']));
const refusal = (args: string[]) =>
  attendee(args).then(
    () => 'allowed',
    (error: Error) => error.message,
  );

const exercise = () => join(work, 'kustomize', 'overlays', 'exercise');
function edit(file: string, from: string, to: string) {
  const path = join(exercise(), file);
  const text = readFileSync(path, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} has no ${from}`);
  writeFileSync(path, text.replace(from, to));
}
/** `tracing-lab check` with the attendee's kubeconfig. */
const check = () => runLab(['check', '-n', own], { env: { ...env, KUBECONFIG: attendeeConfig } });
const collectorPod = async () => {
  const pods = JSON.parse(
    await admin([
      'get',
      'pods',
      '-n',
      own,
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
  const image = await admin([
    'get',
    'deploy',
    'server',
    '-n',
    own,
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
  await admin([
    'patch',
    'pod',
    pod,
    '-n',
    own,
    '--subresource',
    'ephemeralcontainers',
    '--type',
    'strategic',
    '-p',
    JSON.stringify({ spec: { ephemeralContainers: [container] } }),
  ]);
  return () =>
    admin(['logs', pod, '-n', own, '-c', 'config-reader', '--tail=1']).then((text) => text.trim());
}

describe('Q5: in a namespace without the opt-in label, re-applying the ConfigMap restarts nothing', () => {
  it("the attendee's credentials deploy the exercise and run tracing-lab check", async () => {
    for (const file of ['client-otlp-endpoint.yaml', 'server-otlp-endpoint.yaml'])
      edit(file, 'http://xxx:123', 'http://otel-collector:4317');
    await attendee(['apply', '-k', exercise(), '-n', own]);
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
    await attendee(['apply', '-k', exercise(), '-n', own]);
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
    await attendee(['delete', 'pod', '-n', own, '-l', 'app.kubernetes.io/name=otel-collector']);
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

describe("the Reloader opt-in label, with an attendee's credentials", () => {
  it('the attendee may set and remove tracing-lab.dev/reloader on their own namespace', async () => {
    await attendee(['label', 'namespace', own, 'tracing-lab.dev/reloader=enabled']);
    expect((await labelsOf(own))['tracing-lab.dev/reloader']).toBe('enabled');
    await attendee(['label', 'namespace', own, 'tracing-lab.dev/reloader-']);
    expect(await labelsOf(own)).not.toHaveProperty('tracing-lab.dev/reloader');
  });

  it('any other label is refused with the policy message, Pod Security included', async () => {
    expect(await refusal(['label', 'namespace', own, 'team=blue'])).toContain(ONLY_LABEL);
    const podSecurity = 'pod-security.kubernetes.io/enforce=privileged';
    expect(await refusal(['label', 'namespace', own, podSecurity, '--overwrite'])).toContain(
      ONLY_LABEL,
    );
    expect((await labelsOf(own))['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  it("another attendee's namespace is refused with the policy message", async () => {
    const message = await refusal([
      'label',
      'namespace',
      other,
      'tracing-lab.dev/reloader=enabled',
    ]);
    expect(message).toContain(OWN_ONLY);
    expect(await labelsOf(other)).not.toHaveProperty('tracing-lab.dev/reloader');
  });
});
