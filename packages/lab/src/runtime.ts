import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LabConfigError } from './errors.js';
import { POD_ETC_FILES } from './service-dns.js';

/** One volume mount of a container, its source already materialised on the host. */
export interface Mount {
  source: string;
  target: string;
  readOnly: boolean;
}

/** Everything the container runtime needs to start one container of a pod. */
export interface RuntimeSpec {
  netns: string;
  hostname: string;
  /** Host directory standing for the image's root: image files are bind-mounted below it. */
  imageRoot: string;
  imageFiles: Record<string, string>;
  /** Scratch space for the overlays that let a mountPath exist without touching the host. */
  scratchDir: string;
  mounts: Mount[];
  user: { uid: number; gid: number; groups: number[] };
  noNewPrivs: boolean;
  dropAllCapabilities: boolean;
  readOnlyRootFilesystem: boolean;
  workingDir: string;
  argv: string[];
}

const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

/**
 * The command that starts a container: `ip netns exec` puts it in the pod's network namespace
 * (and mounts /etc/netns/<ns>/hosts over /etc/hosts), `unshare` gives it a private mount and UTS
 * namespace where volumes appear at their mountPath unseen by the host, and `setpriv` drops root
 * the way securityContext asks before exec'ing the program.
 */
export function containerCommand(spec: RuntimeSpec): { command: string; args: string[] } {
  const lines = ['set -e', ...volumeLines(spec), ...imageLines(spec)];
  if (spec.readOnlyRootFilesystem) lines.push('mount -o remount,bind,ro /');
  lines.push(`hostname ${quote(spec.hostname)}`, `cd ${quote(spec.workingDir)}`);
  lines.push(`exec setpriv ${privilegeFlags(spec).join(' ')} -- "$@"`);
  const script = lines.join('\n');
  const args = ['netns', 'exec', spec.netns, 'unshare', '--mount', '--uts'];
  return {
    command: 'ip',
    args: [...args, '--propagation', 'private', 'sh', '-c', script, 'sh', ...spec.argv],
  };
}

function volumeLines({ mounts, scratchDir, netns }: RuntimeSpec): string[] {
  const lines: string[] = [];
  const sorted = [...mounts].sort((a, b) => a.target.length - b.target.length);
  const overlays = new Set<string>();
  for (const [index, mount] of sorted.entries()) {
    const insideEarlier = sorted.slice(0, index).some((m) => isWithin(mount.target, m.target));
    const parent = insideEarlier ? undefined : nearestExisting(mount.target);
    if (parent && parent !== mount.target && !overlays.has(parent)) {
      if (parent === '/') {
        throw new LabConfigError(`mountPath ${mount.target}: create its parent directory first`);
      }
      // An overlay on the nearest existing parent lets the mountPath exist only inside this pod.
      const upper = join(scratchDir, `overlay-${overlays.size}`);
      lines.push(`mkdir -p ${quote(`${upper}/upper`)} ${quote(`${upper}/work`)}`);
      lines.push(
        `mount -t overlay overlay -o ${quote(`lowerdir=${parent},upperdir=${upper}/upper,workdir=${upper}/work`)} ${quote(parent)}`,
      );
      overlays.add(parent);
    }
  }
  if (overlays.has('/etc')) {
    // The overlay hid what `ip netns exec` mounted over /etc/hosts, resolv.conf and nsswitch.conf.
    for (const file of POD_ETC_FILES) {
      lines.push(`mount --bind ${quote(`/etc/netns/${netns}/${file}`)} ${quote(`/etc/${file}`)}`);
    }
  }
  for (const mount of sorted) {
    const isFile = existsSync(mount.source) && statSync(mount.source).isFile();
    lines.push(
      isFile
        ? `mkdir -p ${quote(dirname(mount.target))} && touch ${quote(mount.target)}`
        : `mkdir -p ${quote(mount.target)}`,
    );
    lines.push(
      `mount --bind ${mount.readOnly ? '-o ro ' : ''}${quote(mount.source)} ${quote(mount.target)}`,
    );
  }
  return lines;
}

function imageLines({ imageRoot, imageFiles }: RuntimeSpec): string[] {
  return Object.entries(imageFiles).flatMap(([path, host]) => {
    const target = join(imageRoot, path);
    const isDir = statSync(host).isDirectory();
    return [
      isDir
        ? `mkdir -p ${quote(target)}`
        : `mkdir -p ${quote(dirname(target))} && touch ${quote(target)}`,
      `mount --bind -o ro ${quote(host)} ${quote(target)}`,
    ];
  });
}

function privilegeFlags({ user, noNewPrivs, dropAllCapabilities }: RuntimeSpec): string[] {
  const groups = user.groups.length > 0 ? `--groups=${user.groups.join(',')}` : '--clear-groups';
  const flags = [`--reuid=${user.uid}`, `--regid=${user.gid}`, groups];
  if (noNewPrivs) flags.push('--no-new-privs');
  if (dropAllCapabilities) flags.push('--inh-caps=-all', '--bounding-set=-all');
  // The program dies with the runner even if the runner is killed without a chance to clean up.
  flags.push('--pdeathsig=SIGKILL');
  return flags;
}

function nearestExisting(path: string): string {
  let current = path;
  while (current !== '/' && !existsSync(current)) current = dirname(current);
  return current;
}

const isWithin = (path: string, parent: string) =>
  path === parent || path.startsWith(parent.endsWith('/') ? parent : `${parent}/`);
