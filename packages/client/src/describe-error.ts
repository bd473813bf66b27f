import type { Exception } from '@opentelemetry/api';

/** Thrown by `callServer` for an answer outside 2xx, so every failure takes the same path. */
export class HttpStatusError extends Error {
  override name = 'HttpStatusError';
  constructor(readonly status: number) {
    super(`server answered ${status}`);
  }
}

/** How a failed call is written on the span and in the log. */
export interface FetchFailure {
  /** Low-cardinality value for the `error.type` attribute. */
  errorType: string;
  /** One human line, no stack trace. */
  reason: string;
  /** What `span.recordException` receives. */
  exception: Exception;
}

/**
 * `fetch` reports a refused connection as `TypeError: fetch failed` and hides the useful part
 * (`connect ECONNREFUSED 10.0.0.7:8080`) in `cause`; dig it out so spans and logs say what happened.
 */
export function describeFetchError(error: unknown, timeoutMs: number): FetchFailure {
  if (error instanceof HttpStatusError) {
    return { errorType: String(error.status), reason: error.message, exception: error };
  }
  if (error instanceof Error && error.name === 'TimeoutError') {
    const reason = `no answer within ${timeoutMs} ms`;
    return { errorType: 'TimeoutError', reason, exception: { name: error.name, message: reason } };
  }
  if (error instanceof Error && error.name === 'AbortError') {
    const reason = 'given up: the client is stopping';
    return { errorType: 'AbortError', reason, exception: { name: error.name, message: reason } };
  }
  const root = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  if (!(root instanceof Error)) {
    const reason = String(root);
    return { errorType: '_OTHER', reason, exception: reason };
  }
  const code = (root as NodeJS.ErrnoException).code;
  const reason = messageOf(root);
  return {
    errorType: code ?? root.name,
    reason,
    exception: { name: code ?? root.name, message: reason, stack: root.stack },
  };
}

/** Node reports "tried IPv6 then IPv4, both refused" as an AggregateError with an empty message. */
function messageOf(error: Error): string {
  if (error.message) return error.message;
  if (error instanceof AggregateError && error.errors.length > 0) {
    return error.errors
      .map((inner) => (inner instanceof Error ? inner.message : String(inner)))
      .join('; ');
  }
  return (error as NodeJS.ErrnoException).code ?? error.name;
}
