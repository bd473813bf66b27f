import { spawnSync } from 'node:child_process';

const PREFIX = 'KUBE-';
const TABLES = ['filter', 'nat', 'mangle', 'raw'];

/** Chains of a table whose name starts with `KUBE-`, and the rules that jump to them. */
function kubeRules(save: string, table: string) {
  const chains = [...save.matchAll(new RegExp(`^:(${PREFIX}\\S+)`, 'gm'))].map(
    (m) => m[1] as string,
  );
  const jumps = save
    .split('\n')
    .filter((line) => line.startsWith('-A ') && !line.startsWith(`-A ${PREFIX}`))
    .filter((line) => new RegExp(`-j ${PREFIX}`).test(line));
  return { table, chains, jumps };
}

/**
 * The `KUBE-` chains the kubelet and kube-proxy keep in iptables (IPv4 and IPv6), per command.
 * `up` refuses to start when there are any, so those found by `down` are the cluster's.
 */
export function kubeChains(): {
  command: string;
  table: string;
  chains: string[];
  jumps: string[];
}[] {
  const found = [];
  for (const command of ['iptables', 'ip6tables'])
    for (const table of TABLES) {
      const save = spawnSync(`${command}-save`, ['-t', table], { encoding: 'utf8' });
      if (save.status !== 0) continue; // table or IPv6 not available here
      const rules = kubeRules(save.stdout, table);
      if (rules.chains.length > 0) found.push({ command, ...rules });
    }
  return found;
}

/** Deletes every jump to a `KUBE-` chain, then the chains, in one `iptables-restore` per table. */
export function removeKubeChains(): void {
  for (const { command, table, chains, jumps } of kubeChains()) {
    const script = [
      `*${table}`,
      ...jumps.map((rule) => rule.replace(/^-A /, '-D ')),
      ...chains.map((chain) => `-F ${chain}`),
      ...chains.map((chain) => `-X ${chain}`),
      'COMMIT',
      '',
    ].join('\n');
    const restore = spawnSync(`${command}-restore`, ['--noflush'], {
      input: script,
      encoding: 'utf8',
    });
    if (restore.status !== 0)
      throw new Error(
        `${command}-restore could not remove the ${table} KUBE- chains: ${restore.stderr.trim()}`,
      );
  }
}
