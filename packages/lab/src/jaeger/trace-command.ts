import { LabConfigError } from '../errors.js';
import { type JaegerTrace, jaegerApi } from './query-api.js';
import { renderWaterfall, traceBounds } from './waterfall.js';

export interface TraceCommandOptions {
  /** Jaeger's query API, e.g. http://127.0.0.1:16686 (a port-forward to svc/jaeger). */
  jaegerUrl: string;
  /** A trace id (hex); without it, the slowest trace of the lookback window. */
  traceId?: string;
  /** Jaeger's lookback syntax: 15m, 1h... */
  lookback?: string;
  print?: (text: string) => void;
}

const duration = (trace: JaegerTrace) => {
  const { start, end } = traceBounds(trace);
  return end - start;
};

/** Services export their spans in batches, every 5 s by default in the SDKs. */
const SETTLE_MICROS = 6_000_000;

/**
 * Whether every service has had time to export its part of the trace: it ended long enough ago
 * and every span's parent is there.
 */
export function isSettled(trace: JaegerTrace, nowMicros = Date.now() * 1000): boolean {
  const ids = new Set(trace.spans.map((s) => s.spanID));
  const parentsThere = trace.spans.every((s) =>
    s.references.every((r) => r.refType !== 'CHILD_OF' || ids.has(r.spanID)),
  );
  return parentsThere && traceBounds(trace).end <= nowMicros - SETTLE_MICROS;
}

/**
 * The slowest trace Jaeger holds for any service in the lookback window (up to 100 recent traces
 * per service): the slowest settled one (see isSettled), else, unless `settledOnly`, the slowest
 * of all; undefined when there is none. `minServices` leaves out traces fewer services took part
 * in (a call that failed before reaching the server).
 */
export async function slowestTrace(
  jaeger: ReturnType<typeof jaegerApi>,
  { lookback = '15m', settledOnly = false, minServices = 1 } = {},
): Promise<JaegerTrace | undefined> {
  const traces: JaegerTrace[] = [];
  const services = (t: JaegerTrace) =>
    new Set(Object.values(t.processes).map((p) => p.serviceName));
  for (const service of await jaeger.services())
    for (const trace of await jaeger.traces(service, { limit: 100, lookback }))
      if (services(trace).size >= minServices) traces.push(trace);
  const slowestOf = (list: JaegerTrace[]) =>
    list.reduce<JaegerTrace | undefined>(
      (slowest, t) => (!slowest || duration(t) > duration(slowest) ? t : slowest),
      undefined,
    );
  return (
    slowestOf(traces.filter((t) => isSettled(t))) ?? (settledOnly ? undefined : slowestOf(traces))
  );
}

/**
 * `tracing-lab trace [ID]`: a trace from Jaeger's query API as a terminal waterfall.
 * @example await traceCommand({ jaegerUrl: 'http://127.0.0.1:16686' });
 */
export async function traceCommand({
  jaegerUrl,
  traceId,
  lookback = '15m',
  print = console.log,
}: TraceCommandOptions): Promise<void> {
  if (traceId !== undefined && !/^[0-9a-f]{1,32}$/i.test(traceId))
    throw new LabConfigError(`${traceId}: a trace id is 1 to 32 hexadecimal digits`);
  if (!URL.canParse(jaegerUrl))
    throw new LabConfigError(
      `--url ${jaegerUrl}: a URL such as http://127.0.0.1:16686 is expected`,
    );
  if (!/^\d+[smh]$/.test(lookback))
    throw new LabConfigError(`--lookback ${lookback}: a duration such as 15m or 2h is expected`);
  const jaeger = jaegerApi(jaegerUrl);
  let trace: JaegerTrace | undefined;
  try {
    trace = traceId ? await jaeger.trace(traceId) : await slowestTrace(jaeger, { lookback });
  } catch (error) {
    const cause = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
    throw new Error(
      `cannot query Jaeger at ${jaegerUrl} (${cause}); is \`kubectl port-forward svc/jaeger 16686\` running?`,
    );
  }
  if (!trace)
    throw new Error(
      traceId
        ? `trace ${traceId} not found in Jaeger at ${jaegerUrl}`
        : `no trace in Jaeger at ${jaegerUrl} in the last ${lookback}`,
    );
  print(renderWaterfall(trace));
}
