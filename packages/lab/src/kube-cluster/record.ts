import { appendFile, readFile } from 'node:fs/promises';

/** Something `up` made outside the cluster folder, written down before it is made. */
export type Made =
  | { kind: 'interface'; name: string }
  | { kind: 'cgroup'; path: string }
  | { kind: 'dir'; path: string }
  | { kind: 'iptables' };

/** Appends one entry; a SIGKILL right after still leaves it for `down`. */
export async function recordMade(file: string, made: Made): Promise<void> {
  await appendFile(file, `${JSON.stringify(made)}\n`);
}

export async function readMade(file: string): Promise<Made[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Made);
}
