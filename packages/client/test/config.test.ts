import { describe, expect, test } from 'vitest';
import { parseClientEnv } from '../src/index.js';

describe('parseClientEnv', () => {
  test('defaults: local server, one call per second, 5 s timeout', () => {
    expect(parseClientEnv({})).toEqual({
      serverUrl: 'http://localhost:8080',
      intervalMs: 1000,
      timeoutMs: 5000,
    });
  });

  test('an empty variable counts as unset, like the OTEL_* ones', () => {
    expect(parseClientEnv({ SERVER_URL: '', INTERVAL_MS: '', TIMEOUT_MS: '' }).intervalMs).toBe(
      1000,
    );
  });

  test('a blank variable counts as unset too, and values are trimmed', () => {
    expect(parseClientEnv({ SERVER_URL: '  ', INTERVAL_MS: ' \t', TIMEOUT_MS: ' 900 ' })).toEqual({
      serverUrl: 'http://localhost:8080',
      intervalMs: 1000,
      timeoutMs: 900,
    });
  });

  test('reads the three variables', () => {
    const env = {
      SERVER_URL: 'https://server.lab:8443/api/',
      INTERVAL_MS: '250',
      TIMEOUT_MS: '900',
    };
    expect(parseClientEnv(env)).toEqual({
      serverUrl: 'https://server.lab:8443/api/',
      intervalMs: 250,
      timeoutMs: 900,
    });
  });

  test.each([
    [
      'SERVER_URL',
      'server:8080',
      'invalid SERVER_URL "server:8080": expected an http:// or https:// URL',
    ],
    [
      'SERVER_URL',
      'ftp://server',
      'invalid SERVER_URL "ftp://server": expected an http:// or https:// URL',
    ],
    [
      'SERVER_URL',
      'not a url',
      'invalid SERVER_URL "not a url": expected an http:// or https:// URL',
    ],
    [
      'SERVER_URL',
      'http://user:s3cret@server:8080',
      'invalid SERVER_URL "http://REDACTED:REDACTED@server:8080/": expected a URL without user:password@ (credentials are not sent)',
    ],
    [
      'INTERVAL_MS',
      '1s',
      'invalid INTERVAL_MS "1s": expected an integer number of milliseconds from 10 to 3600000',
    ],
    [
      'INTERVAL_MS',
      '5',
      'invalid INTERVAL_MS "5": expected an integer number of milliseconds from 10 to 3600000',
    ],
    [
      'INTERVAL_MS',
      '1.5',
      'invalid INTERVAL_MS "1.5": expected an integer number of milliseconds from 10 to 3600000',
    ],
    [
      'TIMEOUT_MS',
      '0',
      'invalid TIMEOUT_MS "0": expected an integer number of milliseconds from 1 to 3600000',
    ],
    [
      'TIMEOUT_MS',
      '-1',
      'invalid TIMEOUT_MS "-1": expected an integer number of milliseconds from 1 to 3600000',
    ],
  ])('%s=%s is refused with a message naming the variable', (variable, value, message) => {
    expect(() => parseClientEnv({ [variable]: value })).toThrow(message);
  });
});
