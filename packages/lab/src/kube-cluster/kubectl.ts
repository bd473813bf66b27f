import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { LabConfigError } from '../errors.js';

const run = promisify(execFile);

/**
 * Runs a kubectl (the cluster's own, same release as the server, or the user's) against one
 * kubeconfig; without one, kubectl's own choice (KUBECONFIG, ~/.kube/config). `global` goes
 * before every command's arguments (`--context`, say); `signal` kills a kubectl still running
 * when it aborts.
 */
export function kubectlFor(
  kubectl: string,
  kubeconfig?: string,
  { global = [], signal }: { global?: string[]; signal?: AbortSignal } = {},
) {
  const base = [...(kubeconfig ? ['--kubeconfig', kubeconfig] : []), ...global];
  return async (args: string[], input?: string): Promise<string> => {
    const child = run(kubectl, [...base, ...args], {
      timeout: 180_000,
      maxBuffer: 16 << 20,
      signal,
    });
    if (input !== undefined) child.child.stdin?.end(input);
    try {
      return (await child).stdout;
    } catch (error) {
      const {
        stderr = '',
        stdout = '',
        code,
      } = error as NodeJS.ErrnoException & {
        stderr?: string;
        stdout?: string;
      };
      if (code === 'ENOENT')
        throw new LabConfigError(`${kubectl}: not found (a kubectl is needed)`);
      throw new Error(`kubectl ${args.join(' ')} failed: ${`${stderr}${stdout}`.trim()}`);
    }
  };
}

export type Kubectl = ReturnType<typeof kubectlFor>;
