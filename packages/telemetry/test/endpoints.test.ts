import { describe, expect, it } from 'vitest';
import { otlpEndpointsFromEnv } from '../src/index.js';

describe('otlpEndpointsFromEnv', () => {
  it('defaults to the exporters own default', () => {
    expect(otlpEndpointsFromEnv({})).toEqual({
      traces: 'http://localhost:4317',
      metrics: 'http://localhost:4317',
    });
  });

  it('prefers the signal-specific variable over the shared one, ignoring blanks', () => {
    const env = {
      OTEL_EXPORTER_OTLP_ENDPOINT: ' http://xxx:123 ',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://otel-collector:4317',
      OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: '  ',
    };
    expect(otlpEndpointsFromEnv(env)).toEqual({
      traces: 'http://otel-collector:4317',
      metrics: 'http://xxx:123',
    });
  });
});
