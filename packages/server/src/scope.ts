import { metrics, trace } from '@opentelemetry/api';
// Bundled at build time: only the version string lands in dist/.
import { version } from '../package.json';

const NAME = '@tracing-lab/server';
// The semantic-conventions release whose attribute names the spans and metrics follow.
const SCHEMA_URL = 'https://opentelemetry.io/schemas/1.37.0';

// Fetched per use, not cached in a module constant: a cached tracer would keep pointing at a
// provider that a test (or a restart of telemetry) has since shut down.
export const tracer = () =>
  trace.getTracerProvider().getTracer(NAME, version, { schemaUrl: SCHEMA_URL });
export const meter = () => metrics.getMeter(NAME, version, { schemaUrl: SCHEMA_URL });
