import { closeSync, existsSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where `kubectl logs <pod> -c <container>` would read from: one file per container. */
export function logPath(logDir: string, pod: string, container: string) {
  return join(logDir, `${pod}_${container}.log`);
}

/** Opens a container's log for appending; a restarted container continues the same file. */
export function openLog(logDir: string, pod: string, container: string): number {
  return openSync(logPath(logDir, pod, container), 'a');
}

export function closeLog(fd: number) {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
}

export function readLog(logDir: string, pod: string, container: string): string {
  const file = logPath(logDir, pod, container);
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

/** The last lines of every log, headed by its file name: what a failing test prints. */
export function tailLogs(logDir: string, lines = 40): string {
  if (!existsSync(logDir)) return '';
  return readdirSync(logDir)
    .filter((name) => name.endsWith('.log'))
    .sort()
    .map((name) => {
      const text = readFileSync(join(logDir, name), 'utf8').trimEnd().split('\n');
      return `==> ${name} (last ${Math.min(lines, text.length)} lines) <==\n${text.slice(-lines).join('\n')}`;
    })
    .join('\n\n');
}
