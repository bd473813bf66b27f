import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';

/** One trace to send: a SERVER span and its INTERNAL child, with the durations given. */
export interface TraceSpec {
  serverMs: number;
  childMs: number;
  error?: boolean;
  attributes?: Record<string, string>;
  /** How long ago the trace ended (1 s by default). */
  endedMsAgo?: number;
}

/**
 * Sends traces over OTLP gRPC with the OpenTelemetry SDK, as a service named `serviceName` would,
 * with start and end times set so that no test has to sleep through a slow span. Returns their ids.
 */
export async function sendTraces(
  url: string,
  serviceName: string,
  specs: TraceSpec[],
): Promise<string[]> {
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url }) })],
  });
  const tracer = provider.getTracer('tracing-lab-tests');
  const now = Date.now();
  const ids = specs.map(({ serverMs, childMs, error, attributes, endedMsAgo = 1000 }) => {
    const start = new Date(now - serverMs - endedMsAgo);
    const server = tracer.startSpan('GET /hello', {
      kind: SpanKind.SERVER,
      startTime: start,
      attributes: { 'http.request.method': 'GET', 'http.route': '/hello', ...attributes },
    });
    const child = tracer.startSpan(
      'lookup',
      { startTime: new Date(start.getTime() + 1) },
      trace.setSpan(context.active(), server),
    );
    if (error) child.setStatus({ code: SpanStatusCode.ERROR, message: 'lookup failed' });
    child.end(new Date(start.getTime() + 1 + childMs));
    server.setAttribute('http.response.status_code', error ? 500 : 200);
    if (error) server.setStatus({ code: SpanStatusCode.ERROR });
    server.end(new Date(start.getTime() + serverMs));
    return server.spanContext().traceId;
  });
  await provider.forceFlush();
  await provider.shutdown();
  return ids;
}
