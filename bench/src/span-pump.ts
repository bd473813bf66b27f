#!/usr/bin/env node
import { SpanKind, trace } from '@opentelemetry/api';
import {
  applyWorkshopEnvDefaults,
  otlpEndpointsFromEnv,
  setupTelemetry,
} from '@tracing-lab/telemetry';

// Creates SPANS_PER_SECOND spans for SECONDS through our telemetry setup, flushes, then prints how
// many it created: the suite compares that with what the Collector says it accepted.
const rate = Number(process.env.SPANS_PER_SECOND);
const seconds = Number(process.env.SECONDS);
// The same defaults as the server's (OTLP over gRPC to the Collector's 4317), so the pump measures
// the export path the server uses.
applyWorkshopEnvDefaults(process.env);
const telemetry = setupTelemetry({
  serviceName: 'span-pump',
  serviceVersion: '0.0.0',
  endpoints: otlpEndpointsFromEnv(process.env),
});
const tracer = trace.getTracer('@tracing-lab/bench');
const attributes = { 'http.request.method': 'GET', 'http.route': '/hello', 'url.scheme': 'http' };

let created = 0;
const begin = performance.now();
await new Promise<void>((resolve) => {
  const tick = () => {
    const elapsed = (performance.now() - begin) / 1000;
    if (elapsed >= seconds) return resolve();
    // Spans due by now, in small bursts, so the batch processor's timer and exports run between.
    for (const due = Math.floor(rate * elapsed); created < due; created++) {
      tracer.startSpan('GET /hello', { kind: SpanKind.SERVER, attributes }).end();
    }
    setTimeout(tick, 1);
  };
  tick();
});
const elapsed = (performance.now() - begin) / 1000;
await telemetry.shutdown();
console.log(JSON.stringify({ created, seconds: elapsed }));
