import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AttendeeCopy, attendeeCopy, currentStep, stepLine } from '../check/attendee-copy.js';

/*
 * What `tracing-lab check` says of the ways a pod or a config goes wrong off the guide's path,
 * each made for real in a copy of the exercise: receivers bound to localhost, an image the node
 * cannot pull, a Collector that never gets Ready, a Collector that crashes on its config.
 */

let lab: AttendeeCopy;
const hint = (stdout: string) => stdout.split('\n').find((l) => l.startsWith('hint: ')) ?? '';

beforeAll(async () => {
  lab = await attendeeCopy('chk');
  for (const file of ['client-otlp-endpoint.yaml', 'server-otlp-endpoint.yaml'])
    lab.edit(file, 'http://xxx:123', 'http://otel-collector:4317');
}, 1_800_000);

afterAll(() => lab?.remove());

describe('tracing-lab check names what stops a pod or the Collector', () => {
  it('receivers bound to localhost, and an image the node cannot pull', async () => {
    lab.edit('otel-collector-config.yaml', 'endpoint: 0.0.0.0:4317', 'endpoint: localhost:4317');
    lab.edit(
      'kustomization.yaml',
      'configMapGenerator:',
      'images:\n  - name: jaegertracing/jaeger\n    newName: registry.invalid/jaegertracing/jaeger\nconfigMapGenerator:',
    );
    await lab.apply();
    const run = await lab.until(
      'the receivers (current step) and the image pull reported',
      (r) => currentStep(r) === '3' && /ErrImagePull|ImagePullBackOff/.test(stepLine(r, 4)),
    );
    expect(stepLine(run, 3)).toContain('Collector receiver otlp/grpc localhost:4317');
    expect(hint(run.stdout)).toContain('localhost');
    expect(stepLine(run, 4)).toContain('registry.invalid/jaegertracing/jaeger');
    expect(run.stdout).not.toContain('current step: 4.');
  }, 180_000);

  it('a Collector whose probes cannot reach it stays not Ready', async () => {
    lab.edit('otel-collector-config.yaml', 'endpoint: localhost:4317', 'endpoint: 0.0.0.0:4317');
    lab.edit('otel-collector-config.yaml', 'endpoint: 0.0.0.0:13133', 'endpoint: localhost:13133');
    await lab.apply();
    await lab.deletePods('otel-collector');
    const first = await lab.reaches(2);
    const pod = /pod (otel-collector-\S+) not Ready/.exec(stepLine(first, 2))?.[1];
    expect(pod).toBeDefined();
    // Past the first readiness probes (every 5 s): not a pod still starting, one never Ready.
    await new Promise((resolve) => setTimeout(resolve, 15_000));
    const run = await lab.check('-n', lab.namespace);
    expect(stepLine(run, 2)).toMatch(new RegExp(`^✗ 2\\. .*pod ${pod} not Ready \\(Running`));
    expect(hint(run.stdout)).toMatch(/kubectl describe pod otel-collector-\S+ -n /);
  }, 180_000);

  it('a Collector that exits on its config: CrashLoopBackOff, and where to read why', async () => {
    lab.edit('otel-collector-config.yaml', 'endpoint: localhost:13133', 'endpoint: 0.0.0.0:13133');
    lab.edit(
      'otel-collector-config.yaml',
      'exporters: [debug]',
      'exporters: [debug, otlp_grpc/nowhere]',
    );
    await lab.apply();
    await lab.deletePods('otel-collector');
    const run = await lab.until('the crash loop reported', (r) =>
      /CrashLoopBackOff/.test(stepLine(r, 2)),
    );
    expect(stepLine(run, 2)).toMatch(/CrashLoopBackOff \(last exit: Error 1\)/);
    expect(run.stdout).toContain('current step: 2.');
    expect(hint(run.stdout)).toMatch(/kubectl logs otel-collector-\S+ --previous/);
  }, 180_000);
});
