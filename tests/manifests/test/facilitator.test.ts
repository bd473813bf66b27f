import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { byKind, podSpec } from './k8s';
import { kubeCheck } from './kube-check';
import { bytes, millicores } from './quantities';
import { type Render, renderDir, repoRoot } from './render';

/*
 * The facilitator kit (kustomize/facilitator): every attendee's namespace must hold the lab
 * in any state of the workshop, fence the attendee in, and the trainer page's room totals must
 * be the manifests' own numbers.
 */

const binary = inject('kubeCheck');
const kit = 'kustomize/facilitator';
const attendee = renderDir(`${kit}/attendee`);
const cluster = renderDir(`${kit}/cluster`);
const labOverlays = ['exercise', 'solution', 'tail-sampling', 'span-metrics', 'redaction'];

// biome-ignore lint/suspicious/noExplicitAny: kit objects are checked field by field
type Loose = Record<string, any>;

/** The one object of a kind in a render. */
const one = (r: Render, kind: string): Loose => {
  const [object, ...others] = byKind(r, kind);
  expect(others, kind).toEqual([]);
  return object as Loose;
};
const quota = one(attendee, 'ResourceQuota').spec.hard as Record<string, string>;
const limitRange = one(attendee, 'LimitRange').spec.limits[0];

interface Usage {
  cpu: number;
  memory: number;
  limitCpu: number;
  limitMemory: number;
  pods: number;
}

/** What a render's Deployments reserve; `surge` counts a second pod for each rolling update. */
function usage(render: Render, { surge }: { surge: boolean }): Usage {
  const total: Usage = { cpu: 0, memory: 0, limitCpu: 0, limitMemory: 0, pods: 0 };
  for (const deployment of byKind(render, 'Deployment')) {
    const rolling = (deployment.spec as Loose)?.strategy?.type !== 'Recreate';
    const pods = surge && rolling ? 2 : 1;
    total.pods += pods;
    for (const { resources } of podSpec(deployment).containers) {
      total.cpu += pods * millicores(resources?.requests?.cpu ?? '0');
      total.memory += pods * bytes(resources?.requests?.memory ?? '0');
      total.limitCpu += pods * millicores(resources?.limits?.cpu ?? '0');
      total.limitMemory += pods * bytes(resources?.limits?.memory ?? '0');
    }
  }
  return total;
}

describe('kube-check: the kit decodes strictly (cluster-scoped objects allowed)', () => {
  it.each([
    ['attendee', attendee.text],
    ['cluster', cluster.text],
    [
      'add-attendees.sh output for 3',
      execFileSync(join(repoRoot, kit, 'add-attendees.sh'), ['3'], {
        env: { ...process.env, DRY_RUN: '1' },
        encoding: 'utf8',
      }),
    ],
  ])('%s', (_name, yaml) => {
    const result = kubeCheck(binary, yaml, ['-allow-cluster-scoped']);
    expect(result.problems).toEqual([]);
    expect(result.status).toBe(0);
  });

  it('add-attendees.sh makes a namespace, a fenced attendee and a binding per attendee', () => {
    const yaml = execFileSync(join(repoRoot, kit, 'add-attendees.sh'), ['3'], {
      env: { ...process.env, DRY_RUN: '1', PREFIX: 'room-' },
      encoding: 'utf8',
    });
    const objects = parseAllDocuments(yaml).map((d) => d.toJS() as Loose);
    const names = (kind: string) =>
      objects.filter((o) => o.kind === kind).map((o) => o.metadata.namespace ?? o.metadata.name);
    expect(names('Namespace')).toEqual(['room-1', 'room-2', 'room-3']);
    for (const kind of ['ResourceQuota', 'LimitRange', 'ServiceAccount', 'Role', 'RoleBinding'])
      expect(names(kind), kind).toEqual(['room-1', 'room-2', 'room-3']);
    const bindings = objects.filter((o) => o.kind === 'ClusterRoleBinding');
    expect(bindings.map((b) => b.subjects)).toEqual(
      ['room-1', 'room-2', 'room-3'].map((ns) => [
        { kind: 'ServiceAccount', name: 'attendee', namespace: ns },
      ]),
    );
    for (const rb of objects.filter((o) => o.kind === 'RoleBinding'))
      expect(rb.subjects[0].namespace).toBe(rb.metadata.namespace);
  });
});

describe('quota and limits fit the lab in every state of the workshop', () => {
  it.each(labOverlays)(
    '%s: rolling out everything at once plus a debug pod stays within the quota',
    (overlay) => {
      const peak = usage(renderDir(`kustomize/overlays/${overlay}`), { surge: true });
      const debugPod = {
        cpu: millicores(limitRange.defaultRequest.cpu),
        memory: bytes(limitRange.defaultRequest.memory),
        limitCpu: millicores(limitRange.default.cpu),
        limitMemory: bytes(limitRange.default.memory),
      };
      expect(peak.cpu + debugPod.cpu).toBeLessThanOrEqual(millicores(quota['requests.cpu'] ?? ''));
      expect(peak.memory + debugPod.memory).toBeLessThanOrEqual(
        bytes(quota['requests.memory'] ?? ''),
      );
      expect(peak.limitCpu + debugPod.limitCpu).toBeLessThanOrEqual(
        millicores(quota['limits.cpu'] ?? ''),
      );
      expect(peak.limitMemory + debugPod.limitMemory).toBeLessThanOrEqual(
        bytes(quota['limits.memory'] ?? ''),
      );
      expect(peak.pods + 1).toBeLessThanOrEqual(Number(quota.pods));
    },
  );

  it.each(labOverlays)('%s: every container is within the LimitRange maximum', (overlay) => {
    for (const deployment of byKind(renderDir(`kustomize/overlays/${overlay}`), 'Deployment')) {
      for (const { resources } of podSpec(deployment).containers) {
        expect(millicores(resources?.limits?.cpu ?? '')).toBeLessThanOrEqual(
          millicores(limitRange.max.cpu),
        );
        expect(bytes(resources?.limits?.memory ?? '')).toBeLessThanOrEqual(
          bytes(limitRange.max.memory),
        );
      }
    }
  });

  it('new namespaces enforce Pod Security "restricted"', () => {
    expect(one(attendee, 'Namespace').metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
    });
  });
});

describe('the attendee is fenced in', () => {
  const role = one(attendee, 'Role') as {
    rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[];
  };
  const allows = (group: string, resource: string, verb: string) =>
    role.rules.some(
      (r) =>
        r.apiGroups.includes(group) && r.resources.includes(resource) && r.verbs.includes(verb),
    );

  it('can do what the workshop asks: apply overlays, read logs, delete a pod, port-forward', () => {
    for (const resource of ['configmaps', 'services'])
      expect(allows('', resource, 'patch')).toBe(true);
    expect(allows('apps', 'deployments', 'patch')).toBe(true);
    expect(allows('', 'pods', 'delete')).toBe(true);
    expect(allows('', 'pods/log', 'get')).toBe(true);
    expect(allows('', 'pods/portforward', 'create')).toBe(true);
  });

  it('cannot read Secrets, grant itself rights or lift its quota', () => {
    for (const resource of ['secrets', 'resourcequotas', 'limitranges', 'roles', 'rolebindings'])
      for (const verb of ['get', 'create', 'update', 'patch', 'delete'].filter(
        (v) => !(['resourcequotas', 'limitranges'].includes(resource) && v === 'get'),
      ))
        expect(
          allows(resource.startsWith('role') ? 'rbac.authorization.k8s.io' : '', resource, verb),
          `${verb} ${resource}`,
        ).toBe(false);
    expect(role.rules.flatMap((r) => [...r.resources, ...r.verbs, ...r.apiGroups])).not.toContain(
      '*',
    );
  });

  it('is granted namespaces get and patch only, narrowed by the admission policy', () => {
    const clusterRole = one(cluster, 'ClusterRole');
    expect(clusterRole.rules).toEqual([
      { apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'patch'] },
    ]);
    const binding = one(cluster, 'ValidatingAdmissionPolicyBinding');
    expect(binding.spec.policyName).toBe(one(cluster, 'ValidatingAdmissionPolicy').metadata.name);
    expect(binding.spec.validationActions).toEqual(['Deny']);
  });
});

describe('the Reloader opt-in contract', () => {
  const values = parse(readFileSync(join(repoRoot, kit, 'reloader-values.yaml'), 'utf8'));
  const selector: string = values.reloader.namespaceSelector;
  const [key, value] = selector.split('=');
  const policy = one(cluster, 'ValidatingAdmissionPolicy');

  it('Reloader watches the namespaces carrying one label, the one the policy lets attendees set', () => {
    expect(selector).toMatch(/^[\w./-]+=[\w.-]+$/);
    const optIn = policy.spec.variables.find((v: { name: string }) => v.name === 'optIn');
    expect(optIn.expression).toBe(`'${key}'`);
  });

  it.each(['fr', 'en'])(
    'the %s exercise has attendees set exactly that label at step 4',
    (lang) => {
      const page = readFileSync(join(repoRoot, 'docs', lang, 'exercise.md'), 'utf8');
      const step4 =
        page
          .slice(page.indexOf('## '), page.length)
          .split(/^## /m)
          .find((s) => /^[^\n]*4/.test(s)) ?? '';
      expect(step4).toContain(`kubectl label namespace`);
      const label = /kubectl label namespace \S+ (\S+)/.exec(step4)?.[1];
      expect(label).toBe(`${key}=${value}`);
    },
  );

  // The policy run by the API server's own ValidatingAdmissionPolicy code (k8s.io/apiserver) on
  // the namespace updates of a room: tools/kube-check/reloader_opt_in_test.go. Its first run
  // compiles that code (minutes); later runs take seconds.
  it(
    'the admission policy lets an attendee opt their own namespace in, and nothing else',
    () => {
      const run = spawnSync(
        'go',
        ['test', '-count=1', '-run', 'TestReloaderOptInPolicy', '-v', '.'],
        {
          cwd: join(repoRoot, 'tools/kube-check'),
          encoding: 'utf8',
        },
      );
      expect(run.error).toBeUndefined();
      expect(`${run.stdout}${run.stderr}`).toMatch(/^--- PASS: TestReloaderOptInPolicy/m);
      expect(run.status).toBe(0);
      for (const verdict of [
        'opts_their_namespace_in',
        'lifts_Pod_Security',
        'labels_another_namespace',
      ])
        expect(run.stdout).toMatch(
          new RegExp(`--- PASS: TestReloaderOptInPolicy/an_attendee_${verdict}`),
        );
    },
    15 * 60_000,
  );

  it("no attendee namespace is opted in from the start: the label is the attendee's move", () => {
    expect(Object.keys(one(attendee, 'Namespace').metadata.labels ?? {})).not.toContain(key);
  });
});

describe("room totals on the trainer page are the manifests' numbers", () => {
  const running = usage(renderDir('kustomize/overlays/solution'), { surge: false });
  const cpu = (m: number) => `${+(m / 1000).toFixed(1)} CPU`;
  const gi = (b: number) => `${+(b / 2 ** 30).toFixed(1)} Gi`;
  const expected = (n: number) =>
    [
      `${cpu(n * running.cpu)}, ${gi(n * running.memory)}`,
      `${cpu(n * millicores(quota['requests.cpu'] ?? ''))}, ${gi(n * bytes(quota['requests.memory'] ?? ''))}`,
      `${cpu(n * millicores(quota['limits.cpu'] ?? ''))}, ${gi(n * bytes(quota['limits.memory'] ?? ''))}`,
    ].join(' | ');

  it.each(['fr', 'en'])('%s', (lang) => {
    const page = readFileSync(join(repoRoot, 'docs', lang, 'facilitator.md'), 'utf8');
    for (const n of [10, 20, 30]) {
      const row = new RegExp(`^\\| ${n} \\| (.+?) \\|$`, 'm').exec(page)?.[1];
      expect(row, `row for ${n} attendees`).toBe(expected(n));
    }
  });
});

describe('the pre-pull list on the trainer page', () => {
  const images = (r: Render) =>
    byKind(r, 'Deployment').flatMap((d) => podSpec(d).containers.map((c) => c.image));

  it.each(['fr', 'en'])('%s: lists exactly the images the overlays run', (lang) => {
    const page = readFileSync(join(repoRoot, 'docs', lang, 'facilitator.md'), 'utf8');
    const block = [...page.matchAll(/```text\n([^`]*)```/g)]
      .map((m) => m[1] ?? '')
      .find((b) => b.includes('jaegertracing/jaeger:'));
    const listed = (block ?? '').trim().split('\n').sort();
    const run = new Set(
      labOverlays.flatMap((overlay) => images(renderDir(`kustomize/overlays/${overlay}`))),
    );
    expect(listed).toEqual([...run].sort());
  });
});
