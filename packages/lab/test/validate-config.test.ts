import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { validateCollectorConfig } from '../src/binaries/index.js';
import * as fixtures from './binaries-fixtures.js';

let otelcol: string;
let dir: string;
beforeAll(async () => {
  ({ otelcol } = await fixtures.sharedBinaries());
  dir = await mkdtemp(join(tmpdir(), 'tracing-lab-validate-'));
}, fixtures.BUILD_TIMEOUT_MS);
afterAll(() => rm(dir, { recursive: true, force: true }));

async function validate(name: string, ...configs: string[]) {
  const files = configs.map((_, i) => join(dir, `${name}-${i}.yaml`));
  await Promise.all(configs.map((config, i) => writeFile(files[i] as string, config)));
  return validateCollectorConfig(otelcol, files);
}

const overlays = fixtures.overlayNames();

describe("each overlay's Collector config, checked by the built Collector", () => {
  it('covers the exercise, the solution and the going-further overlays', () => {
    expect(overlays).toEqual(
      expect.arrayContaining([
        'exercise',
        'solution',
        'tail-sampling',
        'span-metrics',
        'redaction',
      ]),
    );
  });

  it.each(overlays)('%s: otelcol validate accepts it', async (overlay) => {
    const files = fixtures.collectorConfigFiles(fixtures.renderOverlay(overlay));
    const result = await validate(overlay, ...files.map((f) => f.text));
    expect(result.output).not.toMatch(/error/i);
    expect(result.ok).toBe(true);
  });
});

describe('the validation is real', () => {
  const solution = () => parse(fixtures.collectorConfig(fixtures.renderOverlay('solution')));

  it('rejects a pipeline naming an exporter that is not defined', async () => {
    const config = solution();
    config.service.pipelines.traces.exporters.push('otlp_grpc/nowhere');
    const result = await validate('undefined-exporter', stringify(config));
    expect(result.ok).toBe(false);
    expect(result.output).toContain('otlp_grpc/nowhere');
  });

  it('rejects a component this Collector was not built with', async () => {
    const config = solution();
    config.exporters.zipkin = { endpoint: 'http://localhost:9411/api/v2/spans' };
    config.service.pipelines.traces.exporters.push('zipkin');
    const result = await validate('unknown-type', stringify(config));
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/unknown type: "?zipkin/);
  });
});
