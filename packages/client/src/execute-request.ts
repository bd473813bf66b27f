import { context, propagation, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { callServer } from './call-server.js';
import { tracer } from './scope.js';
import type { CallOutcome, ExecuteRequestOptions } from './types.js';

/**
 * One iteration of the client: an INTERNAL `ExecuteRequest` span, parent of the CLIENT span of
 * the call, so a trace reads "client iteration -> HTTP call -> server work" (as in the original).
 *
 * @example
 * setupTelemetry({ serviceName: 'client', serviceVersion: '0.1.0' });
 * const outcome = await executeRequest({ serverUrl: 'http://localhost:8080', timeoutMs: 5000 });
 * console.log(outcome.traceId); // paste it in Jaeger's search box
 */
export async function executeRequest({
  serverUrl,
  timeoutMs,
  signal,
}: ExecuteRequestOptions): Promise<CallOutcome> {
  // Baggage rides along with the context: propagation.inject sends it in the `baggage` header and
  // the server copies each member onto its span, where attendees find it again in Jaeger.
  const baggage = propagation.createBaggage({
    method: { value: 'repl' },
    client: { value: 'cli' },
  });
  const withBaggage = propagation.setBaggage(context.active(), baggage);

  const spanOptions = { kind: SpanKind.INTERNAL };
  return tracer().startActiveSpan('ExecuteRequest', spanOptions, withBaggage, async (span) => {
    const outcome = await callServer(helloUrlOf(serverUrl), timeoutMs, signal);
    if (!outcome.ok) span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.reason });
    span.end();
    return outcome;
  });
}

/**
 * The URL the client calls: `http://server:8080` and `http://gateway/prefix/` both lead to their
 * own `.../hello`.
 *
 * @example
 * helloUrlOf('http://server:8080').href; // 'http://server:8080/hello'
 */
export function helloUrlOf(serverUrl: string): URL {
  return new URL('hello', serverUrl.endsWith('/') ? serverUrl : `${serverUrl}/`);
}
