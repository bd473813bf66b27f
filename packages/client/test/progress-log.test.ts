import { beforeEach, expect, test } from 'vitest';
import { type CallOutcome, createProgressLog } from '../src/index.js';

const url = 'http://server:8080/hello';
const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const ok: CallOutcome = { ok: true, url, traceId, durationMs: 412, status: 200 };
const refused: CallOutcome = {
  ok: false,
  url,
  traceId,
  durationMs: 3,
  errorType: 'ECONNREFUSED',
  reason: 'connect ECONNREFUSED 10.0.0.7:8080',
};

let clock = 0;
let lines: string[] = [];
let report: (outcome: CallOutcome) => void;
beforeEach(() => {
  clock = 0;
  lines = [];
  const log = (line: string) => lines.push(line);
  report = createProgressLog({ log, logError: log, everyMs: 10_000, now: () => clock });
});

test('successes: the first one at once, then one summary line per period', () => {
  for (let second = 0; second < 25; second += 1) {
    clock = second * 1000;
    report(ok);
  }
  expect(lines).toEqual([
    `tracing-lab-client: GET ${url} ok, 1 call since the last line, last took 412 ms, trace ${traceId}`,
    `tracing-lab-client: GET ${url} ok, 10 calls since the last line, last took 412 ms, trace ${traceId}`,
    `tracing-lab-client: GET ${url} ok, 10 calls since the last line, last took 412 ms, trace ${traceId}`,
  ]);
});

test('a repeated failure is logged once per period with the count so far', () => {
  for (let second = 0; second < 12; second += 1) {
    clock = second * 1000;
    report(refused);
  }
  expect(lines).toEqual([
    `tracing-lab-client: GET ${url} failed: connect ECONNREFUSED 10.0.0.7:8080 (1 failure in a row, trace ${traceId})`,
    `tracing-lab-client: GET ${url} failed: connect ECONNREFUSED 10.0.0.7:8080 (11 failures in a row, trace ${traceId})`,
  ]);
});

test('a new kind of failure is logged at once, and so is the recovery', () => {
  report(refused);
  clock = 1000;
  report({ ...refused, errorType: 'TimeoutError', reason: 'no answer within 5000 ms' });
  clock = 2000;
  report(ok);
  expect(lines).toHaveLength(3);
  expect(lines[1]).toContain('failed: no answer within 5000 ms (2 failures in a row');
  expect(lines[2]).toBe(
    `tracing-lab-client: GET ${url} ok again after 2 failed calls, 1 call since the last line, last took 412 ms, trace ${traceId}`,
  );
});
