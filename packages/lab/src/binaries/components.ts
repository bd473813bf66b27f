import { parse } from 'yaml';

const KINDS = {
  receivers: 'receiver',
  processors: 'processor',
  exporters: 'exporter',
  extensions: 'extension',
  connectors: 'connector',
} as const;

/** Component types whose Go module is not named after them (the OTLP exporters were renamed). */
const RENAMED: Record<string, string> = { otlp_grpc: 'otlp', otlp_http: 'otlphttp' };

/**
 * The Go module each component of a Collector config comes from, by the Collector's naming rule:
 * `health_check` extension -> `healthcheckextension`, `debug/verbose` exporter -> `debugexporter`.
 *
 * @example componentModules('exporters: { otlp_grpc/jaeger: {} }') // ['otlpexporter']
 */
export function componentModules(collectorConfig: string): string[] {
  const config = (parse(collectorConfig) ?? {}) as Record<string, Record<string, unknown> | null>;
  const modules = new Set<string>();
  for (const [section, kind] of Object.entries(KINDS)) {
    for (const id of Object.keys(config[section] ?? {})) {
      const type = id.split('/')[0] ?? id;
      modules.add(`${(RENAMED[type] ?? type).replaceAll('_', '')}${kind}`);
    }
  }
  return [...modules].sort();
}

/** The `gomod` entries of a builder manifest: module name (last path segment) -> version. */
export function manifestModules(builderManifest: string): Map<string, string> {
  const manifest = parse(builderManifest) as Record<string, { gomod: string }[] | undefined>;
  const modules = new Map<string, string>();
  for (const section of Object.keys(KINDS)) {
    for (const { gomod } of manifest[section] ?? []) {
      const [path = '', version = ''] = gomod.trim().split(/\s+/);
      modules.set(path.split('/').pop() ?? path, version);
    }
  }
  return modules;
}

/** Components a config uses that the builder manifest would not compile in. */
export function missingFromManifest(collectorConfig: string, builderManifest: string): string[] {
  const present = manifestModules(builderManifest);
  return componentModules(collectorConfig).filter((module) => !present.has(module));
}
