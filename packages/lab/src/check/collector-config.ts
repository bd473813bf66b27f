import { parse } from 'yaml';

/** What `check` needs to know about a Collector configuration (the mounted config.yaml). */
export interface CollectorConfigFacts {
  /** Why the file could not be read as a configuration; the other fields are empty then. */
  error?: string;
  /** Exporters listed by the traces pipeline. */
  tracesExporters: string[];
  /** OTLP exporters whose endpoint names the `jaeger` Service, listed in the pipeline or not. */
  jaegerExporters: { name: string; endpoint: string; insecure: boolean; inTraces: boolean }[];
  /** Receiver endpoints other pods cannot reach: `otlp/grpc localhost:4317` style. */
  localhostReceivers: string[];
}

type Loose = Record<string, unknown>;
const isObject = (value: unknown): value is Loose =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const OTLP_EXPORTERS = ['otlp', 'otlp_grpc', 'otlphttp', 'otlp_http'];

/** The host part of `jaeger:4317`, `http://jaeger.ns.svc:4317/`, `[::1]:4317`. */
export function hostOf(endpoint: string): string {
  const bare = endpoint.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '');
  const bracketed = /^\[([^\]]*)\]/.exec(bare);
  if (bracketed) return bracketed[1] ?? '';
  return bare.replace(/:\d*$/, '');
}

const isLoopback = (host: string) => host === 'localhost' || /^127\./.test(host) || host === '::1';

/**
 * Reads a Collector config.yaml the way the Collector would for what the workshop is about:
 * where the traces go, and whether the receivers listen where other pods can reach them.
 * Since Collector v0.104 a receiver without an endpoint binds localhost.
 *
 * @example
 * analyseCollectorConfig(text).jaegerExporters.some((e) => e.inTraces)
 */
export function analyseCollectorConfig(text: string): CollectorConfigFacts {
  const empty = { tracesExporters: [], jaegerExporters: [], localhostReceivers: [] };
  let config: unknown;
  try {
    config = parse(text);
  } catch (error) {
    return { ...empty, error: `not valid YAML: ${(error as Error).message.split('\n')[0]}` };
  }
  if (!isObject(config)) return { ...empty, error: 'not a YAML mapping' };
  const exporters = isObject(config.exporters) ? config.exporters : {};
  const service = isObject(config.service) ? config.service : {};
  const pipelines = isObject(service.pipelines) ? service.pipelines : {};
  const traces = isObject(pipelines.traces) ? pipelines.traces : {};
  const tracesExporters = Array.isArray(traces.exporters) ? traces.exporters.map(String) : [];

  const jaegerExporters = Object.entries(exporters).flatMap(([name, settings]) => {
    const endpoint = isObject(settings) ? String(settings.endpoint ?? '') : '';
    const type = name.split('/')[0] ?? '';
    if (!OTLP_EXPORTERS.includes(type) || hostOf(endpoint).split('.')[0] !== 'jaeger') return [];
    const tls = isObject(settings) && isObject(settings.tls) ? settings.tls : {};
    const insecure = tls.insecure === true || /^http:\/\//.test(endpoint);
    return [{ name, endpoint, insecure, inTraces: tracesExporters.includes(name) }];
  });

  const receivers = isObject(config.receivers) ? config.receivers : {};
  const localhostReceivers = Object.entries(receivers).flatMap(([name, settings]) => {
    if (name.split('/')[0] !== 'otlp') return [];
    const protocols = isObject(settings) && isObject(settings.protocols) ? settings.protocols : {};
    return Object.entries(protocols).flatMap(([protocol, options]) => {
      const endpoint = isObject(options) ? options.endpoint : undefined;
      if (endpoint === undefined) return [`${name}/${protocol} (no endpoint: localhost)`];
      return isLoopback(hostOf(String(endpoint))) ? [`${name}/${protocol} ${endpoint}`] : [];
    });
  });
  return { tracesExporters, jaegerExporters, localhostReceivers };
}
