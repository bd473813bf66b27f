import { createRequire } from 'node:module';
import { type MeterProvider, trace } from '@opentelemetry/api';

// src/ and dist/ both sit next to package.json.
export const { version } = createRequire(import.meta.url)('../package.json') as {
  version: string;
};

const NAME = '@tracing-lab/client';
// The semantic-conventions release whose attribute names the spans and metrics follow.
const SCHEMA_URL = 'https://opentelemetry.io/schemas/1.37.0';

// Fetched per use: a tracer kept in a module constant would outlive a telemetry restart.
export const tracer = () =>
  trace.getTracerProvider().getTracer(NAME, version, { schemaUrl: SCHEMA_URL });
export const meterOf = (provider: MeterProvider) =>
  provider.getMeter(NAME, version, { schemaUrl: SCHEMA_URL });
