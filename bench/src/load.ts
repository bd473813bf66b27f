import autocannon from 'autocannon';

export interface LoadResult {
  /** Answers received with status 2xx. */
  ok: number;
  /** Every answer, whatever its status. */
  answered: number;
  /** Connection errors and timeouts. */
  errors: number;
  seconds: number;
  p50Millis: number;
  p99Millis: number;
}

// What the workshop's client sends: a sampled parent and its two baggage members.
const HEADERS = {
  traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  baggage: 'method=repl,client=cli',
};

// A ceiling on requests, so a run ends even if the clock misbehaves.
const MAX_REQUESTS_PER_SECOND = 200_000;

/** Closed-loop load on GET /hello over 50 loopback connections for `seconds`. */
export async function loadHello(
  port: number,
  seconds: number,
  connections = 50,
): Promise<LoadResult> {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/hello?name=bench`,
    connections,
    duration: seconds,
    maxOverallRequests: Math.ceil(seconds * MAX_REQUESTS_PER_SECOND),
    timeout: 10,
    headers: HEADERS,
  });
  return {
    ok: result['2xx'],
    answered: result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'],
    errors: result.errors,
    seconds: (result.finish.getTime() - result.start.getTime()) / 1000,
    p50Millis: result.latency.p50,
    p99Millis: result.latency.p99,
  };
}
