import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';

/** Where image archives come from: a file, or a program that writes one (`podman save X`). */
export type ImageSource =
  | { archive: string }
  | { command: string; args: string[]; env?: NodeJS.ProcessEnv };

/**
 * Loads images into the node's containerd, in the `k8s.io` namespace the kubelet reads, so pods
 * use them with `imagePullPolicy: Never` and nothing is pulled from a registry.
 *
 * @example await importImages(socket, [{ command: 'podman', args: ['save', '-m', 'x:1', 'y:1'] }]);
 */
export async function importImages(socket: string, sources: ImageSource[]): Promise<void> {
  for (const source of sources) {
    const ctr = spawn('ctr', ['--address', socket, '-n', 'k8s.io', 'images', 'import', '-'], {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let input: Readable;
    let producer: ReturnType<typeof spawn> | undefined;
    if ('archive' in source) input = createReadStream(source.archive);
    else {
      producer = spawn(source.command, source.args, {
        stdio: ['ignore', 'pipe', 'inherit'],
        env: source.env ?? process.env,
      });
      input = producer.stdout as Readable;
    }
    ctr.stdin.on('error', () => {}); // ctr exited early: its exit code and stderr say why
    input.pipe(ctr.stdin);
    let errors = '';
    ctr.stderr.on('data', (chunk: Buffer) => {
      errors += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve, reject) => {
      ctr.on('error', reject);
      ctr.on('close', resolve);
    });
    const what =
      'archive' in source ? source.archive : `${source.command} ${source.args.join(' ')}`;
    if (code !== 0) throw new Error(`importing ${what} into containerd failed: ${errors.trim()}`);
  }
}
