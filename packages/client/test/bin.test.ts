import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, test } from 'vitest';
import { startHangingDns } from '../../telemetry/test/hanging-dns.js';
import { closedPortUrl, listen } from './test-utils.js';

// Built by test/global-setup.ts when older than the sources.
const binPath = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const running: ChildProcess[] = [];

afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

/** Runs dist/bin.js with exactly `env` (plus PATH); `wrapper` is a command to run it under. */
function startBin(env: Record<string, string>, wrapper: string[] = []) {
  const [command = process.execPath, ...args] = [...wrapper, process.execPath, binPath];
  const child = spawn(command, args, { env: { PATH: process.env.PATH, ...env } });
  running.push(child);
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk) => (output.stdout += chunk));
  child.stderr.on('data', (chunk) => (output.stderr += chunk));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { child, output, exited };
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test.each([
  [
    'SERVER_URL',
    'server:8080',
    'invalid SERVER_URL "server:8080": expected an http:// or https:// URL',
  ],
  [
    'SERVER_URL',
    'http://lab:s3cret@server:8080',
    'invalid SERVER_URL "http://REDACTED:REDACTED@server:8080/": expected a URL without user:password@',
  ],
  [
    'INTERVAL_MS',
    'often',
    'invalid INTERVAL_MS "often": expected an integer number of milliseconds',
  ],
  ['TIMEOUT_MS', '0', 'invalid TIMEOUT_MS "0": expected an integer number of milliseconds'],
])(
  '%s=%s: one line on stderr naming the variable, exit code 2',
  async (variable, value, message) => {
    const { output, exited } = startBin({ [variable]: value });
    expect(await exited).toBe(2);
    expect(output.stderr).toMatch(
      new RegExp(`^tracing-lab-client: ${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*\\n$`),
    );
    expect(output.stderr.split('\n')).toHaveLength(2);
  },
);

test('keeps calling the server with trace headers, then stops on SIGTERM with exit code 0', async () => {
  const received: IncomingHttpHeaders[] = [];
  const server = await listen((request, response) => {
    if (request.url === '/hello') received.push(request.headers);
    response.setHeader('content-type', 'application/json').end('{"message":"hello"}');
  });
  try {
    // No collector anywhere: the client must call the server all the same.
    const collectorUrl = await closedPortUrl();
    const { child, output, exited } = startBin({
      SERVER_URL: server.url,
      INTERVAL_MS: '500',
      OTEL_EXPORTER_OTLP_ENDPOINT: collectorUrl,
    });
    await waitFor(() => received.length >= 2, 'two calls to /hello');
    expect(received[0]?.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(received[0]?.baggage).toContain('method=repl');
    expect(received[0]?.traceparent).not.toBe(received[1]?.traceparent);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output.stdout).toContain(`tracing-lab-client: calling ${server.url}/hello every 500 ms`);
    expect(output.stdout).toMatch(
      /ok, 1 call since the last line, last took \d+ ms, trace [0-9a-f]{32}/,
    );
    expect(output.stdout).toContain('tracing-lab-client: SIGTERM received, stopping');
    // The failed export (at the latest, the final flush) is reported, naming the endpoint set.
    expect(output.stderr).toContain(`export to ${collectorUrl} failed`);
    expect(output.stderr).not.toMatch(/^\s+at /m);
  } finally {
    await server.close();
  }
});

test('as PID 1 of its own PID namespace (as in a container), SIGTERM still stops it with 0', async () => {
  const env = {
    SERVER_URL: await closedPortUrl(),
    OTEL_EXPORTER_OTLP_ENDPOINT: await closedPortUrl(),
  };
  // Needs root (CI runs as root); `unshare --fork` makes node PID 1 in a new namespace.
  const { child, output, exited } = startBin(env, ['unshare', '--pid', '--fork', '--kill-child']);
  await waitFor(
    () => output.stdout.includes('calling'),
    `the client to start (stderr: ${output.stderr})`,
  );
  const children = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim();
  // The kernel drops signals sent to a namespace's PID 1 unless it installed a handler.
  process.kill(Number(children), 'SIGTERM');
  expect(await exited).toBe(0);
  expect(output.stdout).toContain('SIGTERM received, stopping');
});

test('SIGTERM gives up a call in flight at once instead of waiting for its timeout', async () => {
  let requests = 0;
  // Never answers: without giving up, the client would wait the full 60 s timeout.
  const server = await listen(() => {
    requests += 1;
  });
  try {
    const { child, output, exited } = startBin({
      SERVER_URL: server.url,
      TIMEOUT_MS: '60000',
      OTEL_EXPORTER_OTLP_ENDPOINT: await closedPortUrl(),
    });
    await waitFor(() => requests === 1, 'the call to reach the server');
    const signalledAt = Date.now();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    // The telemetry flush at exit is bounded by a few seconds; the 60 s timeout must not count.
    expect(Date.now() - signalledAt).toBeLessThan(15_000);
    expect(output.stderr).toContain('given up: the client is stopping');
    expect(output.stderr).not.toMatch(/^\s+at /m);
  } finally {
    await server.close();
  }
}, 30_000);

test('exits 0 within 5 s of SIGTERM while the server and collector names hang in DNS', async () => {
  const dns = await startHangingDns();
  try {
    const { child, output, exited } = startBin(
      {
        SERVER_URL: 'http://server.unanswered:8080',
        TIMEOUT_MS: '500',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector.unanswered:4317',
      },
      dns.wrapper,
    );
    // The first call gives up after 0.5 s, while the lookup of the server name is still pending.
    await waitFor(() => /GET .* failed/.test(output.stderr), 'a failed call', 10_000);
    const signalled = Date.now();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(5000);
  } finally {
    await dns.close();
  }
}, 30_000);
