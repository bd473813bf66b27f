import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, expect, test } from 'vitest';

const exampleDir = fileURLToPath(new URL('..', import.meta.url));
let output = '';

// Runs the example the way its README says (`node propagation.ts`) and keeps what it printed.
beforeAll(async () => {
  const run = promisify(execFile)(process.execPath, ['propagation.ts'], {
    cwd: exampleDir,
    timeout: 20_000,
  });
  output = (await run).stdout;
});

function field(pattern: RegExp): string {
  const match = output.match(pattern);
  if (!match?.[1]) throw new Error(`no line matching ${pattern} in:\n${output}`);
  return match[1];
}

const clientTrace = () => field(/^client: trace ([0-9a-f]{32}) span [0-9a-f]{16}$/m);
const clientSpan = () => field(/^client: trace [0-9a-f]{32} span ([0-9a-f]{16})$/m);

test('the server span continues the client trace as a child of the client span', () => {
  const serverTrace = field(/^server: trace ([0-9a-f]{32}) span/m);
  const serverSpan = field(/^server: trace [0-9a-f]{32} span ([0-9a-f]{16}) parent/m);
  const serverParent = field(/^server: trace .* parent ([0-9a-f]{16})$/m);

  expect(serverTrace).toBe(clientTrace());
  expect(serverParent).toBe(clientSpan());
  expect(serverSpan).not.toBe(clientSpan());
  expect(output).toMatch(/^client: server answered 200 hello$/m);
});

test('the server receives the traceparent the client sent: version, trace id, span id, sampled', () => {
  const sent = field(/^client: sends +traceparent: (\S+)$/m);
  expect(field(/^server: receives traceparent: (\S+)$/m)).toBe(sent);
  expect(sent).toBe(`00-${clientTrace()}-${clientSpan()}-01`);
});
