import { type JaegerSpan, type JaegerTrace, serviceOf, tagOf } from '../../src/jaeger/query-api.js';

/** The spans of one client iteration, found by their relations rather than their order. */
export interface IterationSpans {
  trace: JaegerTrace;
  root: JaegerSpan;
  clientCall: JaegerSpan;
  serverSpan: JaegerSpan;
  /** Every span below the server span. */
  serverChildren: JaegerSpan[];
}

const parentOf = (span: JaegerSpan) =>
  span.references.find((r) => r.refType === 'CHILD_OF')?.spanID;
const kindOf = (span: JaegerSpan) => tagOf(span, 'span.kind');

/**
 * ExecuteRequest (client, INTERNAL) -> CLIENT span (client) -> SERVER span (server, CHILD_OF the
 * CLIENT span); undefined while Jaeger holds only part of the trace.
 */
export function iterationSpans(trace: JaegerTrace): IterationSpans | undefined {
  const root = trace.spans.find(
    (s) =>
      s.operationName === 'ExecuteRequest' &&
      serviceOf(trace, s) === 'client' &&
      kindOf(s) === 'internal',
  );
  const clientCall = trace.spans.find(
    (s) =>
      serviceOf(trace, s) === 'client' && kindOf(s) === 'client' && parentOf(s) === root?.spanID,
  );
  const serverSpan = trace.spans.find(
    (s) =>
      serviceOf(trace, s) === 'server' &&
      kindOf(s) === 'server' &&
      parentOf(s) === clientCall?.spanID,
  );
  if (!root || !clientCall || !serverSpan) return undefined;
  const below = (id: string): JaegerSpan[] =>
    trace.spans.filter((s) => parentOf(s) === id).flatMap((s) => [s, ...below(s.spanID)]);
  return { trace, root, clientCall, serverSpan, serverChildren: below(serverSpan.spanID) };
}

/** The complete iterations among `traces`. */
export const completeIterations = (traces: JaegerTrace[]) =>
  traces.map(iterationSpans).filter((i): i is IterationSpans => i !== undefined);

/** A trace's wall-clock duration in microseconds: first span start to last span end. */
export function traceDuration(trace: JaegerTrace): number {
  const start = Math.min(...trace.spans.map((s) => s.startTime));
  const end = Math.max(...trace.spans.map((s) => s.startTime + s.duration));
  return end - start;
}
