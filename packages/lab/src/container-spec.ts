import { join } from 'node:path';
import { containerEnv, type EnvSources, expand } from './env.js';
import { LabConfigError } from './errors.js';
import { type Programs, resolveImage } from './images.js';
import type { Mount, RuntimeSpec } from './runtime.js';
import type { Container, PodSpec } from './types.js';

export interface ContainerContext extends EnvSources {
  podSpec: PodSpec;
  netns: string;
  podDir: string;
  /** Volume name -> host directory holding its files. */
  volumes: Map<string, { dir: string; readOnly: boolean }>;
  programs: Programs;
}

/** Turns a container of the manifest into what the runtime starts: argv, env, mounts, user. */
export function containerSpec(container: Container, context: ContainerContext) {
  const image = resolveImage(container.image, context.programs);
  const env = containerEnv(container, context);
  const imageRoot = join(context.podDir, 'containers', container.name, 'image');
  const toHost = (path: string) => (inImage(path, image.files) ? join(imageRoot, path) : path);
  const written = (list?: string[]) => list?.map((item) => expand(item, env));
  const command = written(container.command);
  const args = written(container.args);
  // Kubernetes semantics: command replaces ENTRYPOINT (and drops CMD), args replace CMD.
  const argv = command
    ? [toHost(command[0] as string), ...command.slice(1), ...(args ?? [])]
    : [...image.entrypoint.map(toHost), ...(args ?? image.cmd.map(toHost))];
  if (argv.length === 0) throw new LabConfigError(`container ${container.name}: nothing to run`);
  const path = (image.env.PATH ?? '')
    .split(':')
    .flatMap((dir) =>
      Object.keys(image.files).some((f) => f.startsWith(`${dir}/`))
        ? [join(imageRoot, dir), dir]
        : [dir],
    )
    .join(':');
  const runtime: RuntimeSpec = {
    netns: context.netns,
    hostname: context.pod.name,
    imageRoot,
    imageFiles: image.files,
    scratchDir: join(context.podDir, 'containers', container.name, 'scratch'),
    mounts: mounts(container, context.volumes, context.podDir),
    user: user(container, context.podSpec, image.user),
    noNewPrivs: container.securityContext?.allowPrivilegeEscalation === false,
    dropAllCapabilities: container.securityContext?.capabilities?.drop?.includes('ALL') ?? false,
    readOnlyRootFilesystem: container.securityContext?.readOnlyRootFilesystem ?? false,
    workingDir: toHost(container.workingDir ?? image.workingDir),
    argv,
  };
  return {
    runtime,
    env: { ...image.env, PATH: path, HOME: '/', HOSTNAME: context.pod.name, ...env },
  };
}

function inImage(path: string, files: Record<string, string>): boolean {
  return Object.keys(files).some((file) => path === file || path.startsWith(`${file}/`));
}

function mounts(
  container: Container,
  volumes: ContainerContext['volumes'],
  podDir: string,
): Mount[] {
  return (container.volumeMounts ?? []).map((mount) => {
    if (`${podDir}/`.startsWith(`${mount.mountPath.replace(/\/$/, '')}/`)) {
      throw new LabConfigError(
        `container ${container.name}: mountPath ${mount.mountPath} would hide ${podDir}; choose another stateDir`,
      );
    }
    const volume = volumes.get(mount.name);
    if (!volume)
      throw new LabConfigError(`container ${container.name}: no volume named ${mount.name}`);
    const source = mount.subPath ? join(volume.dir, mount.subPath) : volume.dir;
    return {
      source,
      target: mount.mountPath,
      readOnly: volume.readOnly || mount.readOnly === true,
    };
  });
}

function user(container: Container, podSpec: PodSpec, imageUser?: { uid: number; gid: number }) {
  const own = container.securityContext ?? {};
  const pod = podSpec.securityContext ?? {};
  const uid = own.runAsUser ?? pod.runAsUser ?? imageUser?.uid ?? 0;
  const gid = own.runAsGroup ?? pod.runAsGroup ?? imageUser?.gid ?? 0;
  if ((own.runAsNonRoot ?? pod.runAsNonRoot) && uid === 0) {
    throw new LabConfigError(
      `container ${container.name}: runAsNonRoot is set but it would run as root`,
    );
  }
  return { uid, gid, groups: pod.fsGroup !== undefined ? [pod.fsGroup] : [] };
}
