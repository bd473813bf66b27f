/** Settings of the client executable, read from the environment by `bin.ts`. */
export interface ClientConfig {
  serverUrl: string;
  intervalMs: number;
  timeoutMs: number;
}

/** A variable holds a value the client cannot use; the message names it and what is accepted. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(variable: string, value: string, expected: string) {
    super(`invalid ${variable} ${JSON.stringify(value)}: expected ${expected}`);
  }
}

const MAX_MS = 3_600_000;

/**
 * Validates the client's variables. Library code never reads `process.env`: the executable passes
 * it here. An empty or blank variable counts as unset, as for the standard `OTEL_*` variables.
 *
 * @example
 * const config = parseClientEnv({ SERVER_URL: 'http://server:8080', INTERVAL_MS: '1000' });
 * // { serverUrl: 'http://server:8080', intervalMs: 1000, timeoutMs: 5000 }
 */
export function parseClientEnv(raw: Record<string, string | undefined>): ClientConfig {
  const env = trimmedOrUnset(raw);
  return {
    serverUrl: parseHttpUrl('SERVER_URL', env.SERVER_URL || 'http://localhost:8080'),
    intervalMs: parseMs('INTERVAL_MS', env.INTERVAL_MS || '1000', 10),
    timeoutMs: parseMs('TIMEOUT_MS', env.TIMEOUT_MS || '5000', 1),
  };
}

function trimmedOrUnset(raw: Record<string, string | undefined>) {
  const env: Record<string, string | undefined> = {};
  for (const variable of ['SERVER_URL', 'INTERVAL_MS', 'TIMEOUT_MS']) {
    env[variable] = raw[variable]?.trim() || undefined;
  }
  return env;
}

function parseHttpUrl(variable: string, value: string): string {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) {
    throw new ConfigError(variable, value, 'an http:// or https:// URL');
  }
  // A password here would travel into url.full, span statuses and log lines: refuse it, and
  // never print it back.
  if (url.username || url.password) {
    url.username = url.username && 'REDACTED';
    url.password = url.password && 'REDACTED';
    throw new ConfigError(
      variable,
      url.href,
      'a URL without user:password@ (credentials are not sent)',
    );
  }
  return value;
}

function parseMs(variable: string, value: string, min: number): number {
  const ms = Number(value);
  if (!/^\d+$/.test(value.trim()) || ms < min || ms > MAX_MS) {
    throw new ConfigError(
      variable,
      value,
      `an integer number of milliseconds from ${min} to ${MAX_MS}`,
    );
  }
  return ms;
}
