import { propagation, trace } from '@opentelemetry/api';
import type { Context } from 'hono';
import { buildGreeting, parseNameQuery } from './greeting.js';
import { baggageAttributes } from './http-attributes.js';
import { fetchPreferences } from './preferences-store.js';
import type { StoreSettings } from './types.js';

/**
 * GET /hello. It runs inside the SERVER span that `traceRequest` started from the caller's
 * `traceparent`, so `trace.getActiveSpan()` is that span, and the caller's `baggage` travels in the
 * active context: copy each member onto the span, where Jaeger shows it.
 */
export async function hello(c: Context, store: StoreSettings): Promise<Response> {
  const span = trace.getActiveSpan();
  span?.setAttribute('server-attribute', 'foo');
  span?.setAttributes(baggageAttributes(propagation.getActiveBaggage(), c.req.header('baggage')));

  const query = parseNameQuery(c.req.queries('name'));
  if (!query.ok) return c.json({ error: query.error }, 400);
  const preferences = await fetchPreferences(store);
  // Building the message takes no time worth a span: an attribute says what it did.
  span?.setAttribute('greeting.named', query.name !== undefined);
  const message = buildGreeting(preferences.greeting, query.name);
  // The trace id lets a caller look this very request up in Jaeger.
  return c.json({ message, traceId: span?.spanContext().traceId });
}
