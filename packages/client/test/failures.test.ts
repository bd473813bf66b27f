import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { type CallOutcome, executeRequest, runClientLoop } from '../src/index.js';
import { closedPortUrl, listen, setupTestTelemetry, spanNamed } from './test-utils.js';

let t: ReturnType<typeof setupTestTelemetry>;
beforeEach(() => {
  t = setupTestTelemetry();
});
afterEach(async () => {
  await t.telemetry.shutdown();
});

test('a refused connection marks the CLIENT span as an error with an exception event', async () => {
  const outcome = await executeRequest({ serverUrl: await closedPortUrl(), timeoutMs: 2000 });
  expect(outcome).toMatchObject({ ok: false, errorType: 'ECONNREFUSED' });
  expect(outcome.ok || outcome.reason).toMatch(/ECONNREFUSED 127\.0\.0\.1:\d+/);

  const spans = await t.finishedSpans();
  const client = spanNamed(spans, 'GET /hello');
  expect(client.kind).toBe(SpanKind.CLIENT);
  expect(client.status.code).toBe(SpanStatusCode.ERROR);
  expect(client.attributes['error.type']).toBe('ECONNREFUSED');
  const exception = client.events.find((e) => e.name === 'exception');
  expect(exception?.attributes?.['exception.message']).toMatch(/ECONNREFUSED/);
  expect(spanNamed(spans, 'ExecuteRequest').status.code).toBe(SpanStatusCode.ERROR);
});

test('the loop goes on while the server is down and does not log every failure', async () => {
  const serverUrl = await closedPortUrl();
  const outcomes: CallOutcome[] = [];
  const errors: string[] = [];
  const stop = new AbortController();
  await runClientLoop({
    serverUrl,
    intervalMs: 20,
    timeoutMs: 1000,
    signal: stop.signal,
    log: () => {},
    logError: (line) => errors.push(line),
    onOutcome: (outcome) => outcomes.push(outcome) === 5 && stop.abort(),
  });

  expect(outcomes).toHaveLength(5);
  expect(outcomes.every((o) => !o.ok)).toBe(true);
  // Same reason five times within the reporting period: one line, and a short one.
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(
    /^tracing-lab-client: GET http:\/\/127\.0\.0\.1:\d+\/hello failed: connect ECONNREFUSED \S+ \(1 failure in a row, trace [0-9a-f]{32}\)$/,
  );
});

test('a server slower than the timeout gives a TimeoutError span, not a hang', async () => {
  const slow = await listen((_request, response) => {
    setTimeout(() => response.end('too late'), 5000).unref();
  });
  try {
    const outcome = await executeRequest({ serverUrl: slow.url, timeoutMs: 200 });
    expect(outcome).toMatchObject({
      ok: false,
      errorType: 'TimeoutError',
      reason: 'no answer within 200 ms',
    });

    const client = spanNamed(await t.finishedSpans(), 'GET /hello');
    expect(client.status).toEqual({
      code: SpanStatusCode.ERROR,
      message: 'no answer within 200 ms',
    });
    expect(client.attributes['error.type']).toBe('TimeoutError');
    expect(client.events.map((e) => e.name)).toContain('exception');
  } finally {
    await slow.close();
  }
});

test('aborting the signal gives the call in flight up at once, with an AbortError span', async () => {
  const hung = await listen(() => {});
  try {
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 100);
    const outcome = await executeRequest({
      serverUrl: hung.url,
      timeoutMs: 60_000,
      signal: stop.signal,
    });
    expect(outcome).toMatchObject({
      ok: false,
      errorType: 'AbortError',
      reason: 'given up: the client is stopping',
    });
    const client = spanNamed(await t.finishedSpans(), 'GET /hello');
    expect(client.attributes['error.type']).toBe('AbortError');
  } finally {
    await hung.close();
  }
});

test.each([
  [503, 'busy'],
  [404, 'missing'],
])('an answer %i is an error carrying the status code, with no exception event', async (status) => {
  const failing = await listen((_request, response) => {
    response.writeHead(status).end('{}');
  });
  try {
    const outcome = await executeRequest({ serverUrl: failing.url, timeoutMs: 2000 });
    expect(outcome).toMatchObject({
      ok: false,
      errorType: String(status),
      reason: `server answered ${status}`,
    });

    const client = spanNamed(await t.finishedSpans(), 'GET /hello');
    expect(client.attributes['http.response.status_code']).toBe(status);
    expect(client.attributes['error.type']).toBe(String(status));
    expect(client.status.code).toBe(SpanStatusCode.ERROR);
    expect(client.events).toEqual([]);
  } finally {
    await failing.close();
  }
});

test('writes an IPv6 server.address without brackets', async () => {
  const outcome = await executeRequest({ serverUrl: 'http://[::1]:1', timeoutMs: 2000 });
  expect(outcome.ok).toBe(false);
  const client = spanNamed(await t.finishedSpans(), 'GET /hello');
  expect(client.attributes).toMatchObject({ 'server.address': '::1', 'server.port': 1 });
});

test('tracers carry the package name, version and schema URL', async () => {
  await executeRequest({ serverUrl: await closedPortUrl(), timeoutMs: 2000 });
  const scopes = (await t.finishedSpans()).map((s) => s.instrumentationScope);
  expect(scopes).toHaveLength(2);
  for (const scope of scopes) {
    expect(scope).toEqual({
      name: '@tracing-lab/client',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      schemaUrl: expect.stringMatching(/^https:\/\/opentelemetry\.io\/schemas\/1\.\d+\.\d+$/),
    });
  }
});

test('calls never overlap: a slow answer delays the next call instead of piling up', async () => {
  let inFlight = 0;
  let maxInFlight = 0;
  const slowish = await listen((_request, response) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    setTimeout(() => {
      inFlight -= 1;
      response.end('{}');
    }, 100);
  });
  const stop = new AbortController();
  let calls = 0;
  try {
    await runClientLoop({
      serverUrl: slowish.url,
      intervalMs: 10,
      timeoutMs: 2000,
      signal: stop.signal,
      log: () => {},
      onOutcome: () => ++calls === 4 && stop.abort(),
    });
    expect(calls).toBe(4);
    expect(maxInFlight).toBe(1);
  } finally {
    await slowish.close();
  }
});
