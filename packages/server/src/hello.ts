import {
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
} from '@opentelemetry/semantic-conventions';
import type { Context } from 'hono';
import { buildGreeting, parseNameQuery } from './greeting.js';
import { callSlowDependency } from './hotspot.js';
import { baggageAttributes, httpServerAttributes } from './http-attributes.js';
import { type HotspotSettings, TRACER_NAME } from './types.js';

/**
 * GET /hello, traced by hand. The caller's trace context arrives in the `traceparent` and
 * `baggage` headers: extract it, then start the SERVER span as its child. Missing or invalid
 * headers extract to an empty context, so the span simply starts a fresh trace.
 */
export function helloWithServerSpan(c: Context, hotspot: HotspotSettings): Promise<Response> {
  const tracer = trace.getTracer(TRACER_NAME);
  const extractedContext = propagation.extract(ROOT_CONTEXT, c.req.header());
  const attributes = httpServerAttributes(c.req.raw, '/hello');
  return tracer.startActiveSpan(
    'GET /hello',
    { kind: SpanKind.SERVER, attributes },
    extractedContext,
    async (span) => {
      span.setAttribute('server-attribute', 'foo');
      span.setAttributes(baggageAttributes(propagation.getBaggage(extractedContext)));
      try {
        const response = await answerHello(c, span, hotspot);
        span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, response.status);
        return response;
      } catch (error) {
        span.recordException(error instanceof Error ? error : String(error));
        span.setStatus({ code: SpanStatusCode.ERROR });
        span.setAttributes({
          [ATTR_HTTP_RESPONSE_STATUS_CODE]: 500,
          [ATTR_ERROR_TYPE]: error instanceof Error ? error.name : 'Error',
        });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

async function answerHello(c: Context, span: Span, hotspot: HotspotSettings): Promise<Response> {
  const query = parseNameQuery(c.req.queries('name'));
  if (!query.ok) return c.json({ error: query.error }, 400);
  const message = buildGreeting(query.name);
  await callSlowDependency(hotspot);
  // The trace id lets a caller look this very request up in Jaeger.
  return c.json({ message, traceId: span.spanContext().traceId });
}
