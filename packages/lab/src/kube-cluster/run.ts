import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** Runs a system tool; a failure names the command and its error output. */
export async function run(command: string, args: string[]): Promise<string> {
  try {
    return (await exec(command, args, { timeout: 60_000, maxBuffer: 16 << 20 })).stdout;
  } catch (error) {
    const { stderr = '' } = error as { stderr?: string };
    throw new Error(
      `${command} ${args.join(' ')} failed: ${stderr.trim() || (error as Error).message}`,
    );
  }
}
