import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import type { Kubectl } from '../../src/kube-cluster/kubectl.js';
import { type LabRun, repoRoot, runLab, waitFor } from '../helpers.js';
import { restrictedNamespace, sharedCluster } from '../kubernetes/shared-cluster.js';

/** The number of the current step in a `tracing-lab check` report. */
export const currentStep = (run: LabRun) => /^current step: (\d+)\./m.exec(run.stdout)?.[1];

/** The ✓/✗ line of step `n` in a report. */
export const stepLine = (run: LabRun, n: number) =>
  run.stdout.split('\n').find((l) => new RegExp(`^[✓✗] ${n}\\. `).test(l)) ?? '';

/**
 * An attendee's working copy on the real cluster: a fresh restricted namespace, a copy of
 * kustomize/ to edit as text, `kubectl apply -k` of its exercise overlay, and `tracing-lab
 * check` run as a user runs it (the cluster's kubectl on PATH, the kubeconfig in KUBECONFIG).
 */
export async function attendeeCopy(prefix: string) {
  const cluster = await sharedCluster();
  const kubectl: Kubectl = cluster.kubectl;
  const env = {
    ...process.env,
    KUBECONFIG: cluster.kubeconfig,
    PATH: `${dirname(cluster.kubectlPath)}${delimiter}${process.env.PATH}`,
  };
  const namespace = await restrictedNamespace(kubectl, prefix);
  const work = mkdtempSync(join(tmpdir(), 'tracing-lab-check-'));
  cpSync(join(repoRoot, 'kustomize'), join(work, 'kustomize'), { recursive: true });
  const overlay = join(work, 'kustomize', 'overlays', 'exercise');
  const check = (...args: string[]) => runLab(['check', ...args], { env });

  return {
    namespace: namespace.name,
    kubectl,
    check,
    /** Polls `check -n` until its report satisfies `done`; fails with the last report. */
    async until(what: string, done: (run: LabRun) => boolean, timeoutMs = 150_000) {
      let last: LabRun | undefined;
      return waitFor(
        what,
        async () => {
          last = await check('-n', namespace.name);
          return done(last) && last;
        },
        timeoutMs,
      ).catch((error: Error) => {
        throw new Error(`${error.message}; last report:\n${last?.stdout}${last?.stderr}`);
      });
    },
    /** Polls until `check` reports `step` as the current one, or all done. */
    reaches(step: number | 'done', timeoutMs = 150_000): Promise<LabRun> {
      return this.until(
        `check to report ${step === 'done' ? 'all done' : `step ${step}`}`,
        (run) => (step === 'done' ? run.code === 0 : currentStep(run) === String(step)),
        timeoutMs,
      );
    },
    /** Replaces the first `from` by `to` in a file of the exercise overlay. */
    edit(file: string, from: string, to: string) {
      const path = join(overlay, file);
      const text = readFileSync(path, 'utf8');
      if (!text.includes(from)) throw new Error(`${file} has no ${from}`);
      writeFileSync(path, text.replace(from, to));
    },
    apply: () => kubectl(['apply', '-k', overlay, '-n', namespace.name]),
    /** Deletes a component's pods without waiting for them to be gone: `check` leaves them out. */
    deletePods: (name: string) =>
      kubectl([
        'delete',
        'pod',
        '-n',
        namespace.name,
        '-l',
        `app.kubernetes.io/name=${name}`,
        '--wait=false',
      ]),
    async remove() {
      await namespace.remove();
      rmSync(work, { recursive: true, force: true });
    },
  };
}

export type AttendeeCopy = Awaited<ReturnType<typeof attendeeCopy>>;
