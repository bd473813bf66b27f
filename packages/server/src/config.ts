/** Settings of the executable, parsed from the environment by `bin.ts`. */
export interface ServerConfig {
  port: number;
  host: string;
  hotspotScale: number;
}

/** A configuration value that cannot be used; the message names the variable and what fits. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const MAX_HOTSPOT_SCALE = 10;

type Env = Readonly<Record<string, string | undefined>>;

function invalid(variable: string, value: string, expected: string): ConfigError {
  return new ConfigError(`invalid ${variable} ${JSON.stringify(value)}: expected ${expected}`);
}

// An empty or whitespace-only variable counts as unset, as it does for the OTEL_* variables.
function read(env: Env, variable: string): string | undefined {
  const value = env[variable]?.trim();
  return value ? value : undefined;
}

/**
 * Validates PORT (0-65535, 0 picks a free port; default 8080), HOST (default 0.0.0.0) and
 * HOTSPOT_SCALE (a number from 0 to 10, default 1). Throws a {@link ConfigError} on the first bad
 * value.
 */
export function parseServerConfig(env: Env): ServerConfig {
  const port = read(env, 'PORT') ?? '8080';
  if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) {
    throw invalid('PORT', port, 'an integer between 0 and 65535 (0 picks a free port)');
  }
  const host = read(env, 'HOST') ?? '0.0.0.0';
  if (/[\s/]/.test(host)) throw invalid('HOST', host, 'a host name or IP address to listen on');
  const scale = read(env, 'HOTSPOT_SCALE') ?? '1';
  const hotspotScale = Number(scale);
  // Capped: a huge scale would hang every request, or overflow setTimeout, which then fires at once.
  if (!(hotspotScale >= 0 && hotspotScale <= MAX_HOTSPOT_SCALE) || !/^[\d.eE+-]+$/.test(scale)) {
    throw invalid(
      'HOTSPOT_SCALE',
      scale,
      `a number from 0 to ${MAX_HOTSPOT_SCALE} (0 turns the latency hotspot off)`,
    );
  }
  return { port: Number(port), host, hotspotScale };
}
