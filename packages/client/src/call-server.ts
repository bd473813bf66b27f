import {
  type Attributes,
  context,
  propagation,
  SpanKind,
  SpanStatusCode,
} from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_FULL,
} from '@opentelemetry/semantic-conventions';
import { recordClientCall } from './client-metrics.js';
import { describeFetchError, HttpStatusError } from './describe-error.js';
import { tracer } from './scope.js';
import type { CallOutcome } from './types.js';

/**
 * Calls `GET /hello` once, inside a CLIENT span, handing the trace context over in the headers.
 * Never throws: a failure (even `stop` aborting the call) is recorded on the span and returned.
 *
 * @example
 * const outcome = await callServer(new URL('http://localhost:8080/hello'), 5000);
 * if (!outcome.ok) console.error(outcome.reason); // e.g. "connect ECONNREFUSED 127.0.0.1:8080"
 */
export async function callServer(helloUrl: URL, timeoutMs: number, stop?: AbortSignal) {
  // Shared by the span and the metrics; the outcome adds the status code or error type below.
  const attributes: Attributes = {
    [ATTR_HTTP_REQUEST_METHOD]: 'GET',
    // A URL writes an IPv6 host in brackets; server.address wants the bare address.
    [ATTR_SERVER_ADDRESS]: helloUrl.hostname.replace(/^\[(.*)\]$/, '$1'),
    [ATTR_SERVER_PORT]: portOf(helloUrl),
  };
  const spanOptions = {
    kind: SpanKind.CLIENT,
    attributes: { ...attributes, [ATTR_URL_FULL]: helloUrl.href },
  };

  return tracer().startActiveSpan('GET /hello', spanOptions, async (span): Promise<CallOutcome> => {
    // The CLIENT span is now the active one, so inject writes ITS ids into `traceparent` (and the
    // baggage set by executeRequest into `baggage`). This plain object is all the server receives.
    const headers: Record<string, string> = {};
    propagation.inject(context.active(), headers);
    const traceId = span.spanContext().traceId;
    // Gives up at the timeout, or at once when the client is stopping (SIGTERM).
    const signal = AbortSignal.any([AbortSignal.timeout(timeoutMs), ...(stop ? [stop] : [])]);
    const started = performance.now();
    const elapsedMs = () => Math.round(performance.now() - started);
    try {
      const response = await fetch(helloUrl, { headers, signal });
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, response.status);
      attributes[ATTR_HTTP_RESPONSE_STATUS_CODE] = response.status;
      // The call is over only once the body has arrived (and the connection can be reused).
      await response.text();
      if (!response.ok) throw new HttpStatusError(response.status);
      return {
        ok: true,
        url: helloUrl.href,
        traceId,
        durationMs: elapsedMs(),
        status: response.status,
      };
    } catch (error) {
      const failure = describeFetchError(error, timeoutMs);
      // An answer, even a 4xx, is no exception: error.type and the status say it all.
      if (!(error instanceof HttpStatusError)) span.recordException(failure.exception);
      span.setAttribute(ATTR_ERROR_TYPE, failure.errorType);
      span.setStatus({ code: SpanStatusCode.ERROR, message: failure.reason });
      attributes[ATTR_ERROR_TYPE] = failure.errorType;
      const { errorType, reason } = failure;
      return { ok: false, url: helloUrl.href, traceId, durationMs: elapsedMs(), errorType, reason };
    } finally {
      span.end();
      recordClientCall((performance.now() - started) / 1000, attributes);
    }
  });
}

function portOf(url: URL): number {
  if (url.port) return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}
