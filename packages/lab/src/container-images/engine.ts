import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Runs podman with the project's engine settings (CONTAINERS_CONF) and returns its stdout.
 *
 * @example await podman(conf, ['image', 'exists', ref]);
 */
export async function podman(containersConf: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run('podman', args, {
      env: { ...process.env, CONTAINERS_CONF: containersConf },
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    const { code, stderr } = error as { code?: string; stderr?: string };
    if (code === 'ENOENT')
      throw new Error(
        'podman not found: install podman (scripts/container-tools.sh does on Debian)',
      );
    throw new Error(`podman ${args.join(' ')} failed: ${String(stderr).trim()}`);
  }
}

/** The image ID a local reference points at, or undefined when there is no such image. */
export async function localImageId(
  containersConf: string,
  ref: string,
): Promise<string | undefined> {
  return podman(containersConf, ['image', 'inspect', '--format', '{{.Id}}', ref]).then(
    (id) => id.trim(),
    () => undefined,
  );
}

/**
 * The name a registry client means by a reference: `otel/x:1` -> `docker.io/otel/x:1`,
 * `node:24` -> `docker.io/library/node:24`. Podman would otherwise store short names under
 * `localhost/`, where a cluster asking for `otel/x:1` does not look.
 */
export function qualifiedRef(ref: string): string {
  const [first, ...rest] = ref.split('/');
  if (rest.length > 0 && (first?.includes('.') || first?.includes(':') || first === 'localhost'))
    return ref;
  return rest.length === 0 ? `docker.io/library/${ref}` : `docker.io/${ref}`;
}

/** This machine's architecture, as images name it. */
export function hostArch(): 'amd64' | 'arm64' {
  return process.arch === 'arm64' ? 'arm64' : 'amd64';
}
