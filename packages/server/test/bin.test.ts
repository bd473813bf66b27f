import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { startHangingDns } from '../../telemetry/test/hanging-dns.js';
import { startOtlpReceiver } from '../../telemetry/test/otlp-receiver.js';
import { closedPort } from '../../telemetry/test/test-utils.js';
import { spawnBin, startBin } from './spawn-bin.js';

const NO_STACK = /^\s+at |Error:.*\n/;

describe('tracing-lab-server executable', () => {
  it.each([
    ['PORT', 'abc', 'expected an integer between 0 and 65535 (0 picks a free port)'],
    ['PORT', '70000', 'expected an integer between 0 and 65535 (0 picks a free port)'],
    ['HOTSPOT_SCALE', '-1', 'expected a number from 0 to 10 (0 turns the latency hotspot off)'],
    ['HOTSPOT_SCALE', 'fast', 'expected a number from 0 to 10 (0 turns the latency hotspot off)'],
    ['HOTSPOT_SCALE', '1e300', 'expected a number from 0 to 10 (0 turns the latency hotspot off)'],
    ['HOTSPOT_SCALE', '10.5', 'expected a number from 0 to 10 (0 turns the latency hotspot off)'],
  ])('exits 2 with one line when %s=%s', async (variable, value, expected) => {
    const bin = spawnBin({ [variable]: value });
    expect(await bin.exited).toBe(2);
    expect(bin.lines.filter(Boolean)).toEqual([
      `tracing-lab-server: invalid ${variable} "${value}": ${expected}`,
    ]);
  });

  it('exits 2 with one line when the port is taken', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as net.AddressInfo;
    const bin = spawnBin({ PORT: String(port), HOST: '127.0.0.1' });
    expect(await bin.exited).toBe(2);
    taken.close();
    expect(bin.lines.filter(Boolean)).toEqual([
      `tracing-lab-server: cannot listen on 127.0.0.1:${port}: address already in use (HOST, PORT)`,
    ]);
  });

  it('keeps serving with the collector down and says so in short lines', async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    const started = Date.now();
    const bin = await startBin({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint });
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`${bin.url}/hello`);
      expect(response.status).toBe(200);
    }
    // Metrics go every 2 s, spans after the batch delay (5 s): both must be reported.
    await bin.waitForLine(new RegExp(`metrics export to ${endpoint} failed`));
    await bin.waitForLine(new RegExp(`traces export to ${endpoint} failed`));
    expect((await fetch(`${bin.url}/hello`)).status).toBe(200);
    bin.child.kill('SIGTERM');
    expect(await bin.exited).toBe(0);
    // At most one failure line per signal per started 10 s (a slow machine may run past 10 s).
    const allowed = Math.floor((Date.now() - started) / 10_000) + 1;
    for (const signal of ['traces', 'metrics']) {
      const failures = bin.lines.filter((line) =>
        line.includes(`${signal} export to ${endpoint} failed`),
      );
      expect(failures.length).toBeGreaterThanOrEqual(1);
      expect(failures.length).toBeLessThanOrEqual(allowed);
    }
    for (const line of bin.lines) {
      expect(line).not.toMatch(NO_STACK);
      expect(line.length).toBeLessThan(200);
    }
  }, 30_000);

  it('delivers pending spans to the collector on SIGTERM, then exits 0', async () => {
    const receiver = await startOtlpReceiver();
    const bin = await startBin({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint });
    const response = await fetch(`${bin.url}/hello?name=sigterm-check`);
    expect(response.status).toBe(200);
    // The batch processor holds spans for 5 s: they are still pending here.
    expect(receiver.requests.traces).toHaveLength(0);
    bin.child.kill('SIGTERM');
    expect(await bin.exited).toBe(0);
    await receiver.close();
    expect(receiver.received('traces', 'GET /hello')).toBe(true);
    expect(receiver.received('traces', 'name=sigterm-check')).toBe(true);
    expect(receiver.received('metrics', 'http.server.request.duration')).toBe(true);
    expect(bin.lines.filter(Boolean)).toHaveLength(1);
  }, 30_000);

  it('stops on SIGINT too', async () => {
    const bin = await startBin({
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${await closedPort()}`,
    });
    bin.child.kill('SIGINT');
    expect(await bin.exited).toBe(0);
  });

  it('stops on SIGTERM as PID 1 of its own PID namespace, as in a container', async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    const unshare = ['unshare', '--pid', '--fork', '--kill-child'];
    const bin = await startBin({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint }, unshare);
    const unsharePid = bin.child.pid as number;
    const [node] = readFileSync(`/proc/${unsharePid}/task/${unsharePid}/children`, 'utf8').split(
      ' ',
    );
    const status = readFileSync(`/proc/${node}/status`, 'utf8');
    expect(status).toMatch(/^NSpid:\s+\d+\s+1$/m);
    process.kill(Number(node), 'SIGTERM');
    expect(await bin.exited).toBe(0);
  });

  it('exits 0 within 5 s of SIGTERM while the collector name hangs in DNS', async () => {
    const dns = await startHangingDns();
    try {
      const endpoint = 'http://otel-collector.unanswered:4317';
      const bin = await startBin({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint }, dns.wrapper);
      // One request from inside the namespace, so that there is telemetry to export.
      const [command = 'ip', ...args] = dns.wrapper;
      const call = `fetch('${bin.url}/hello').then((r) => r.text())`;
      execFileSync(command, [...args, process.execPath, '-e', call]);
      // Metrics go every 2 s: from then on, lookups of the collector name are retried and pending.
      await bin.waitForLine(/metrics export to .* failed: DNS name not resolved/);
      const signalled = Date.now();
      bin.child.kill('SIGTERM');
      expect(await bin.exited).toBe(0);
      expect(Date.now() - signalled).toBeLessThan(5000);
    } finally {
      await dns.close();
    }
  }, 30_000);

  it('flushes telemetry on the deadline path too: a request still unanswered 7 s after SIGTERM', async () => {
    const receiver = await startOtlpReceiver();
    const bin = await startBin({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint });
    await (await fetch(`${bin.url}/hello?name=before-the-deadline`)).text();
    // A request whose headers never end keeps its connection busy: the drain cannot finish.
    const { port } = new URL(bin.url);
    const stuck = net.connect(Number(port), '127.0.0.1');
    stuck.write('GET /hello HTTP/1.1\r\nHost: localhost\r\n');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const signalled = Date.now();
    bin.child.kill('SIGTERM');
    expect(await bin.exited).toBe(1);
    const elapsed = Date.now() - signalled;
    stuck.destroy();
    await receiver.close();
    expect(elapsed).toBeGreaterThanOrEqual(7000);
    expect(elapsed).toBeLessThan(11_000);
    expect(receiver.received('traces', 'name=before-the-deadline')).toBe(true);
    expect(bin.lines).toContain(
      'tracing-lab-server: requests still running 7 s after SIGTERM, exiting now',
    );
  }, 30_000);
});
