import { kubectlFor } from '../kube-cluster/kubectl.js';
import { overviewLine, stepsReport } from './report.js';
import { NamespaceNotFound, readNamespace, workshopNamespaces } from './state.js';
import { exerciseSteps } from './steps.js';

export interface CheckOptions {
  /** The attendee's namespace; ignored with `all`. */
  namespace?: string;
  /** Every namespace holding the workshop, one line each (the facilitator's view). */
  all?: boolean;
  /** The kubectl to run (default: `kubectl` on PATH); it uses the user's kubeconfig. */
  kubectl?: string;
  context?: string;
  print?: (line: string) => void;
}

/** Bad usage of `check`: the executable prints it as one line and exits with code 2. */
export class CheckUsageError extends Error {
  override name = 'CheckUsageError';
}

/**
 * `tracing-lab check -n NAMESPACE`: which step of the exercise a namespace has reached and a
 * hint for the next one. Resolves to the exit code: 0 when every step is done, 1 otherwise.
 *
 * @example process.exitCode = await runCheck({ namespace: 'trainee-7' });
 */
export async function runCheck({
  namespace,
  all = false,
  kubectl = 'kubectl',
  context,
  print = console.log,
}: CheckOptions): Promise<number> {
  const run = kubectlFor(kubectl, undefined, { global: context ? ['--context', context] : [] });
  if (!all) {
    if (!namespace) throw new CheckUsageError('check: give the namespace (-n NAMESPACE) or --all');
    const state = await readNamespace(run, namespace).catch((error: unknown) => {
      throw error instanceof NamespaceNotFound ? new CheckUsageError(error.message) : error;
    });
    const steps = exerciseSteps(state);
    for (const line of stepsReport(namespace, steps)) print(line);
    return steps.every((s) => s.done) ? 0 : 1;
  }
  const namespaces = await workshopNamespaces(run);
  if (namespaces.length === 0)
    print('no namespace holds the workshop (app.kubernetes.io/part-of=tracing-lab)');
  const width = Math.max(0, ...namespaces.map((n) => n.length));
  let remaining = 0;
  for (const name of namespaces) {
    const steps = await readNamespace(run, name).then(exerciseSteps, (error: unknown) => {
      print(
        `${name.padEnd(width)}  ? ${error instanceof Error ? error.message.split('\n')[0] : error}`,
      );
      return undefined;
    });
    if (!steps) {
      remaining++;
      continue;
    }
    if (!steps.every((s) => s.done)) remaining++;
    print(overviewLine(name, steps, width));
  }
  return remaining === 0 ? 0 : 1;
}
