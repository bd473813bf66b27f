import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments, stringify } from 'yaml';
import { kubectlFor } from '../../src/kube-cluster/kubectl.js';
import { repoRoot, waitFor } from '../helpers.js';
import { sharedCluster } from '../kubernetes/shared-cluster.js';

const run = promisify(execFile);

/** The admission policy's refusals (kustomize/facilitator/cluster/reloader-opt-in-policy.yaml). */
export const ONLY_LABEL = 'an attendee may set or remove the label tracing-lab.dev/reloader only';
export const OWN_ONLY = 'an attendee may change their own namespace only';

/** The YAML documents of a render, each passed to `rename` to change in place. */
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

/**
 * A room on the real cluster, made with the facilitator kit as a trainer makes it:
 * kustomize/facilitator/cluster (the ClusterRole, the ValidatingAdmissionPolicy), two attendees
 * from add-attendees.sh (its DRY_RUN output, applied), and the first attendee's kubeconfig from
 * attendee-kubeconfig.sh. The cluster-wide objects carry a suffix of this run in their names, so
 * a room's own kit on the same cluster is left alone; the policy selects every "attendee"
 * ServiceAccount, as the kit's does, with the same rules. `remove` deletes all of it.
 */
export async function facilitatorRoom() {
  const cluster = await sharedCluster();
  const admin = cluster.kubectl;
  const env = {
    ...process.env,
    KUBECONFIG: cluster.kubeconfig,
    PATH: `${dirname(cluster.kubectlPath)}${delimiter}${process.env.PATH}`,
  };
  const suffix = `chk-${process.pid}-${Date.now().toString(36)}`;
  const roleName = `tracing-lab-attendee-namespace-${suffix}`;
  const policyName = `tracing-lab-reloader-opt-in-${suffix}`;
  const [own, other] = [`${suffix}-a1`, `${suffix}-a2`];
  const made: string[][] = [];
  const work = mkdtempSync(join(tmpdir(), 'tracing-lab-facilitator-'));
  const remove = async () => {
    for (const [kind, name] of made.reverse())
      await admin(['delete', kind, name, '--ignore-not-found', '--wait=false']).catch(() => {});
    rmSync(work, { recursive: true, force: true });
  };
  try {
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
      if (doc.kind !== 'ClusterRoleBinding') return;
      doc.roleRef.name = roleName;
      made.push(['clusterrolebinding', doc.metadata.name]);
    });
    made.push(['namespace', own], ['namespace', other]);
    await admin(['apply', '-f', '-'], objects);

    const kubeconfig = await run(join(kit, 'attendee-kubeconfig.sh'), [own], { env });
    const attendeeConfig = join(work, `${own}.kubeconfig`);
    writeFileSync(attendeeConfig, kubeconfig.stdout, { mode: 0o600 });
    const attendee = kubectlFor(cluster.kubectlPath, attendeeConfig);

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
    return { admin, attendee, attendeeConfig, env, work, own, other, remove };
  } catch (error) {
    await remove();
    throw error;
  }
}

export type FacilitatorRoom = Awaited<ReturnType<typeof facilitatorRoom>>;
