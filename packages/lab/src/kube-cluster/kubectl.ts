import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Runs the cluster's own kubectl (same release as the server) against one kubeconfig; `signal`
 * kills a kubectl still running when it aborts.
 */
export function kubectlFor(kubectl: string, kubeconfig: string, signal?: AbortSignal) {
  return async (args: string[], input?: string): Promise<string> => {
    const child = run(kubectl, ['--kubeconfig', kubeconfig, ...args], {
      timeout: 180_000,
      maxBuffer: 16 << 20,
      signal,
    });
    if (input !== undefined) child.child.stdin?.end(input);
    try {
      return (await child).stdout;
    } catch (error) {
      const { stderr = '', stdout = '' } = error as { stderr?: string; stdout?: string };
      throw new Error(`kubectl ${args.join(' ')} failed: ${`${stderr}${stdout}`.trim()}`);
    }
  };
}

export type Kubectl = ReturnType<typeof kubectlFor>;
