import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { podman } from '../../../packages/lab/src/index.js';
import type { ConfigMap, Deployment, Render } from '../../../packages/lab/src/manifests/types.js';
import { containerEnv } from './container-env.js';
import { containersConf } from './global-setup.js';

export const run = (args: string[]) => podman(containersConf, args);

/** Everything one test file creates, named after its process so parallel runs never collide. */
export class Sandbox {
  readonly prefix = `tl-images-${process.pid}-${Math.random().toString(36).slice(2, 6)}`;
  readonly network = `${this.prefix}-net`;
  /** The network's subnet prefix (`10.89.3.`), for addresses nothing answers on. */
  subnetPrefix = '';
  private readonly containers: string[] = [];
  private readonly dirs: string[] = [];

  /**
   * An internal network: containers reach each other (by name, through aardvark-dns) and this
   * machine reaches them, but nothing is routed beyond it.
   */
  async createNetwork(): Promise<void> {
    await run(['network', 'create', '--internal', this.network]);
    const subnet = (
      await run([
        'network',
        'inspect',
        '--format',
        '{{range .Subnets}}{{.Subnet}}{{end}}',
        this.network,
      ])
    ).trim();
    this.subnetPrefix = subnet.replace(/\d+\/\d+$/, '');
  }

  name(component: string): string {
    const name = `${this.prefix}-${component}`;
    this.containers.push(name);
    return name;
  }

  dir(): string {
    const dir = mkdtempSync(join(tmpdir(), `${this.prefix}-`));
    this.dirs.push(dir);
    return dir;
  }

  async cleanup(): Promise<void> {
    for (const name of this.containers.reverse()) {
      await run(['rm', '--force', '--time', '0', name]).catch(() => {});
    }
    if (this.subnetPrefix) await run(['network', 'rm', '--force', this.network]).catch(() => {});
    for (const dir of this.dirs) rmSync(dir, { recursive: true, force: true });
  }
}

export interface RunAsManifestOptions {
  render: Render;
  /** The Deployment (component) to run; its first container. */
  component: string;
  image: string;
  sandbox: Sandbox;
  /** Environment values that replace the manifest's (an unreachable DNS name, say). */
  env?: Record<string, string>;
  /** A nameserver for the container instead of the network's DNS. */
  dns?: string;
}

/**
 * `podman run` of a Deployment's container the way the kubelet runs it: the pod's UID and GID,
 * a read-only root filesystem with nothing writable added, every capability dropped,
 * no-new-privileges, the memory limit, the args, the environment (downward API and `$(VAR)`
 * included) and the ConfigMap volumes. The network alias is the Service name.
 */
export async function runAsManifest(options: RunAsManifestOptions): Promise<string> {
  const { render, component, image, sandbox } = options;
  const deployment = render.deployments.find((d) => d.metadata.name === component) as Deployment;
  const pod = deployment.spec.template.spec;
  const container = pod
    .containers[0] as Deployment['spec']['template']['spec']['containers'][number];
  const name = sandbox.name(component);
  const security = { ...pod.securityContext, ...container.securityContext };
  const env = {
    ...containerEnv(container, {
      pod: {
        name,
        namespace: 'images-test',
        uid: name,
        nodeName: 'localhost',
        ip: '',
        hostIP: '',
        serviceAccountName: 'default',
        labels: {},
        annotations: {},
      },
      configMaps: render.configMaps,
      serviceLinks: {},
    }),
    ...options.env,
  };
  const limits = (container as { resources?: { limits?: { memory?: string } } }).resources?.limits;
  const args = [
    'run',
    '--detach',
    '--name',
    name,
    '--network',
    sandbox.network,
    '--network-alias',
    component,
    '--user',
    `${security.runAsUser}:${security.runAsGroup}`,
    ...(security.readOnlyRootFilesystem ? ['--read-only', '--read-only-tmpfs=false'] : []),
    ...(security.capabilities?.drop ?? []).map((cap) => `--cap-drop=${cap}`),
    ...(security.allowPrivilegeEscalation === false ? ['--security-opt=no-new-privileges'] : []),
    ...(limits?.memory ? ['--memory', podmanQuantity(limits.memory)] : []),
    ...(options.dns ? ['--dns', options.dns] : []),
    ...Object.entries(env).flatMap(([key, value]) => ['--env', `${key}=${value}`]),
    ...configMapMounts(deployment, render.configMaps, sandbox),
    image,
    ...(container.args ?? []),
  ];
  await run(args);
  return name;
}

function configMapMounts(deployment: Deployment, configMaps: ConfigMap[], sandbox: Sandbox) {
  const pod = deployment.spec.template.spec;
  const mounts: string[] = [];
  for (const mount of pod.containers[0]?.volumeMounts ?? []) {
    const volume = pod.volumes?.find((v) => v.name === mount.name);
    const data = configMaps.find((c) => c.metadata.name === volume?.configMap?.name)?.data ?? {};
    // readable by the pod's user, as the kubelet writes ConfigMap files (defaultMode 0644)
    const dir = sandbox.dir();
    chmodSync(dir, 0o755);
    for (const [file, text] of Object.entries(data))
      writeFileSync(join(dir, file), text, { mode: 0o644 });
    mounts.push('--volume', `${dir}:${mount.mountPath}:ro`);
  }
  return mounts;
}

/** `256Mi` -> `256m` (podman's binary units). */
function podmanQuantity(quantity: string): string {
  const match = /^(\d+)(Ki|Mi|Gi)$/.exec(quantity);
  if (!match) throw new Error(`memory limit ${quantity}: only Ki, Mi and Gi are expected`);
  return `${match[1]}${match[2]?.[0]?.toLowerCase()}`;
}

/** The container's address on the sandbox network. */
export async function addressOf(name: string, sandbox: Sandbox): Promise<string> {
  const format = `{{(index .NetworkSettings.Networks "${sandbox.network}").IPAddress}}`;
  return (await run(['inspect', '--format', format, name])).trim();
}

/** Sends SIGTERM (podman stop, 10 s grace) and measures until the container is gone. */
export async function stopTimed(name: string): Promise<{ seconds: number; exitCode: number }> {
  const started = Date.now();
  await run(['stop', '--time', '10', name]);
  const seconds = (Date.now() - started) / 1000;
  const exitCode = Number((await run(['inspect', '--format', '{{.State.ExitCode}}', name])).trim());
  return { seconds, exitCode };
}

/** Polls `check` until it returns a value, or fails with the last error after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${what} within ${timeoutMs / 1000} s${last ? `: ${String(last)}` : ''}`);
}
