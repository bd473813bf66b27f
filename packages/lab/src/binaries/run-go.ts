import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';
import { createInterface } from 'node:readline';
import { BinariesError, type Versions } from './types.js';

const TAIL_LINES = 30;
const HEARTBEAT_MS = 20_000;

export function noGoMessage(versions: Versions): string {
  return (
    `Go is needed to build the Collector and Jaeger once (install Go >= ${versions.goMinimum} from ` +
    'go.dev), or point TRACING_LAB_OTELCOL and TRACING_LAB_JAEGER at binaries you downloaded ' +
    '(official releases: otelcol-contrib from https://github.com/open-telemetry/' +
    `opentelemetry-collector-releases/releases/tag/v${versions.collector}, jaeger from ` +
    `https://github.com/jaegertracing/jaeger/releases/tag/v${versions.jaeger.release}).`
  );
}

interface RunOptions {
  cwd: string;
  /** Names the build in heartbeats and errors: `still building collector, 60 s`. */
  label: string;
  onProgress: (line: string) => void;
  /** For the "install Go" message when the command is `go`. */
  versions?: Versions;
  /** When the whole build started, so heartbeats count from there across its steps. */
  startedAt: number;
  /** Variables added to this process's environment for the step (`CGO_ENABLED=0`, say). */
  env?: Record<string, string>;
  /** Sees every output line, to pass the telling ones on as progress. */
  onLine?: (line: string) => void;
  /** Runs the step (and the compilers it forks) at lower priority, for builds of many minutes. */
  nice?: boolean;
}

/**
 * Runs one step of a build (`go ...`, or the Collector builder through `go run`), beating every
 * 20 s so a first run that takes minutes does not look stuck, and keeping the last lines of output
 * for the error when it fails.
 */
export function runBuildStep(command: string, args: string[], options: RunOptions): Promise<void> {
  const { cwd, label, onProgress, versions, startedAt, env, onLine, nice } = options;
  const tail: string[] = [];
  const keep = (line: string) => {
    onLine?.(line);
    tail.push(line);
    if (tail.length > TAIL_LINES) tail.shift();
  };
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(env && { env: { ...process.env, ...env } }),
    });
    // Set before the Go command forks its compilers, so they inherit it.
    if (nice && child.pid) setPriority(child.pid, 10);
    const heartbeat = setInterval(() => {
      onProgress(`still building ${label}, ${Math.round((Date.now() - startedAt) / 1000)} s`);
    }, HEARTBEAT_MS);
    createInterface({ input: child.stdout }).on('line', keep);
    createInterface({ input: child.stderr }).on('line', keep);
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearInterval(heartbeat);
      if (error.code !== 'ENOENT') return reject(error);
      if (command === 'go' && versions)
        return reject(new BinariesError('no-go', noGoMessage(versions)));
      reject(
        new BinariesError('build', `building ${label} needs \`${command}\`, not found on PATH`),
      );
    });
    child.on('close', (code, signal) => {
      clearInterval(heartbeat);
      if (code === 0) return resolve();
      const how = signal ? `was killed by ${signal}` : `exited with ${code}`;
      const message = `building ${label} failed: \`${command} ${args.join(' ')}\` ${how}`;
      reject(new BinariesError('build', `${message}; last output:\n${tail.join('\n')}`));
    });
  });
}
