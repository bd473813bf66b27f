/** The parts of a trace in Jaeger's query API JSON (`/api/traces`) the lab looks at. */
export interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references: { refType: 'CHILD_OF' | 'FOLLOWS_FROM'; spanID: string; traceID: string }[];
  startTime: number;
  duration: number;
  tags: { key: string; type: string; value: unknown }[];
  processID: string;
}

export interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string; tags: { key: string; value: unknown }[] }>;
}

/**
 * A small client for Jaeger's HTTP query API, the one the UI uses.
 * @example
 * const jaeger = jaegerApi('http://127.0.0.1:16686');
 * const traces = await jaeger.traces('client', { limit: 20 });
 */
export function jaegerApi(baseUrl: string) {
  const get = async <T>(path: string): Promise<T> => {
    const response = await fetch(new URL(path, baseUrl), { signal: AbortSignal.timeout(5000) });
    if (!response.ok) throw new Error(`GET ${path}: HTTP ${response.status}`);
    return ((await response.json()) as { data: T }).data ?? ([] as T);
  };
  return {
    services: () => get<string[]>('/api/services'),
    traces: (service: string, { limit = 20, lookback = '1h' } = {}) =>
      get<JaegerTrace[]>(
        `/api/traces?service=${encodeURIComponent(service)}&limit=${limit}&lookback=${lookback}`,
      ),
    /** One trace by id; undefined when Jaeger does not have it. */
    trace: async (traceId: string) => {
      const response = await fetch(new URL(`/api/traces/${traceId}`, baseUrl), {
        signal: AbortSignal.timeout(5000),
      });
      if (response.status === 404) return undefined;
      if (!response.ok) throw new Error(`GET /api/traces/${traceId}: HTTP ${response.status}`);
      return ((await response.json()) as { data: JaegerTrace[] }).data[0];
    },
    dependencies: (lookbackMs = 3_600_000) =>
      get<{ parent: string; child: string; callCount: number }[]>(
        `/api/dependencies?endTs=${Date.now()}&lookback=${lookbackMs}`,
      ),
  };
}

/** The service that emitted a span. */
export const serviceOf = (trace: JaegerTrace, span: JaegerSpan) =>
  trace.processes[span.processID]?.serviceName;

/** A span tag's value, or undefined. */
export const tagOf = (span: JaegerSpan, key: string) => span.tags.find((t) => t.key === key)?.value;
