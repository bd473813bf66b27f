import { type JaegerSpan, type JaegerTrace, serviceOf, tagOf } from './query-api.js';

/** Attributes worth a glance in a waterfall, when a span has them (semantic conventions). */
const KEY_ATTRIBUTES = [
  'http.request.method',
  'http.route',
  'url.full',
  'http.response.status_code',
  'error.type',
  'rpc.method',
  'db.system.name',
  'messaging.operation.name',
];

export interface WaterfallOptions {
  /** Characters of the duration bar. */
  barWidth?: number;
}

/** Start and end of the whole trace, in microseconds. */
export function traceBounds(trace: JaegerTrace): { start: number; end: number } {
  const start = Math.min(...trace.spans.map((s) => s.startTime));
  const end = Math.max(...trace.spans.map((s) => s.startTime + s.duration));
  return { start, end };
}

/** Spans in reading order (each parent before its children, siblings by start) with their depth. */
function tree(trace: JaegerTrace): { span: JaegerSpan; depth: number }[] {
  const ids = new Set(trace.spans.map((s) => s.spanID));
  const parentOf = (s: JaegerSpan) =>
    s.references.find((r) => r.refType === 'CHILD_OF' && ids.has(r.spanID))?.spanID;
  const children = new Map<string | undefined, JaegerSpan[]>();
  for (const span of trace.spans) {
    const parent = parentOf(span);
    children.set(parent, [...(children.get(parent) ?? []), span]);
  }
  const out: { span: JaegerSpan; depth: number }[] = [];
  const visit = (parent: string | undefined, depth: number) => {
    for (const span of (children.get(parent) ?? []).sort((a, b) => a.startTime - b.startTime)) {
      out.push({ span, depth });
      visit(span.spanID, depth + 1);
    }
  };
  // Spans whose parent is missing (not received yet, or dropped) show up as roots.
  visit(undefined, 0);
  return out;
}

const ms = (micros: number) =>
  micros < 1000 ? `${Math.round(micros)} µs` : `${(micros / 1000).toFixed(1)} ms`;

function attributes(span: JaegerSpan): string {
  const shown = KEY_ATTRIBUTES.flatMap((key) => {
    const value = tagOf(span, key);
    return value === undefined ? [] : [`${key}=${value}`];
  });
  if (tagOf(span, 'error') === true || tagOf(span, 'otel.status_code') === 'ERROR')
    shown.unshift('ERROR');
  return shown.join(' ');
}

/**
 * A trace from Jaeger's query API as text: one line per span, indented under its parent, with
 * its service, a bar placed and scaled on the trace's time line, its duration and key attributes.
 *
 * @example console.log(renderWaterfall(await jaegerApi(url).trace(id)));
 */
export function renderWaterfall(trace: JaegerTrace, { barWidth = 40 }: WaterfallOptions = {}) {
  const { start, end } = traceBounds(trace);
  const total = Math.max(end - start, 1);
  const rows = tree(trace).map(({ span, depth }) => {
    const from = Math.min(barWidth - 1, Math.floor(((span.startTime - start) / total) * barWidth));
    const length = Math.max(1, Math.round((span.duration / total) * barWidth));
    const bar = ' '.repeat(from) + '█'.repeat(Math.min(length, barWidth - from));
    return {
      service: serviceOf(trace, span) ?? '?',
      name: `${'  '.repeat(depth)}${span.operationName}`,
      bar: bar.padEnd(barWidth),
      duration: ms(span.duration),
      attributes: attributes(span),
    };
  });
  const width = (pick: (r: (typeof rows)[number]) => string) =>
    Math.max(...rows.map((r) => pick(r).length));
  const services = new Set(rows.map((r) => r.service));
  const header = `trace ${trace.traceID}: ${ms(total)}, ${rows.length} spans, ${services.size} service${services.size === 1 ? '' : 's'}`;
  const lines = rows.map((r) =>
    [
      r.service.padEnd(width((x) => x.service)),
      r.name.padEnd(width((x) => x.name)),
      `|${r.bar}|`,
      r.duration.padStart(width((x) => x.duration)),
      r.attributes,
    ]
      .join('  ')
      .trimEnd(),
  );
  return [header, ...lines].join('\n');
}
