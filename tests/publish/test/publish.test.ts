// What we publish must work outside the workspace: pack the three packages, install the tarballs
// with plain npm in an empty folder, and run the installed bins.
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PUBLISHED, packagesDir } from './global-setup.js';
import { freePort, killStarted, pathWithThisNode, run, startBin, waitFor } from './processes.js';

let workDir = '';
let tarballs: Record<(typeof PUBLISHED)[number], string>;
const bin = (name: string) => join(workDir, 'app', 'node_modules', '.bin', name);

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'tracing-lab-publish-'));
  const packDir = join(workDir, 'tarballs');
  for (const name of PUBLISHED) {
    await run('pnpm', ['pack', '--pack-destination', packDir], { cwd: join(packagesDir, name) });
  }
  const files = await readdir(packDir);
  const find = (name: string) =>
    join(packDir, files.find((f) => f.startsWith(`tracing-lab-${name}-`)) ?? '');
  tarballs = { telemetry: find('telemetry'), server: find('server'), client: find('client') };

  const appDir = join(workDir, 'app');
  await mkdir(appDir);
  await writeFile(join(appDir, 'package.json'), '{ "name": "publish-check", "private": true }\n');
  const install = [
    'install',
    '--no-audit',
    '--no-fund',
    '--loglevel=error',
    ...Object.values(tarballs),
  ];
  await run('npm', install, { cwd: appDir, env: { ...process.env, PATH: pathWithThisNode } });
});

afterAll(async () => {
  killStarted();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('the tarballs', () => {
  test.each(PUBLISHED)(
    '%s: dist only, and workspace:* replaced by the real version',
    async (name) => {
      const { stdout: listing } = await run('tar', ['-tzf', tarballs[name]]);
      expect(listing).toContain('package/dist/index.js');
      expect(listing).toContain('package/dist/index.d.ts');
      expect(listing).not.toMatch(/package\/(src|test)\//);

      const { stdout: manifest } = await run('tar', [
        '-xzOf',
        tarballs[name],
        'package/package.json',
      ]);
      expect(manifest).not.toContain('workspace:');
      const { version, dependencies = {} } = JSON.parse(manifest);
      expect(version).toBe('0.1.0');
      if (name !== 'telemetry') expect(dependencies['@tracing-lab/telemetry']).toBe('0.1.0');
    },
  );
});

describe('the installed bins', () => {
  let serverUrl = '';
  const quietTelemetry = async () => ({
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${await freePort()}`,
  });

  beforeAll(async () => {
    const port = await freePort();
    serverUrl = `http://127.0.0.1:${port}`;
    const env = {
      PORT: String(port),
      HOST: '127.0.0.1',
      HOTSPOT_SCALE: '0',
      ...(await quietTelemetry()),
    };
    const server = startBin(bin('tracing-lab-server'), env);
    await waitFor(
      async () =>
        server.child.exitCode === null &&
        (await fetch(`${serverUrl}/healthz`).catch(() => null))?.ok === true,
      `tracing-lab-server to answer /healthz (output: ${JSON.stringify(server.output)})`,
    );
  });

  test('tracing-lab-server answers /hello with JSON and /healthz', async () => {
    const hello = await fetch(`${serverUrl}/hello`);
    expect(hello.status).toBe(200);
    expect(hello.headers.get('content-type')).toContain('application/json');
    await hello.json();
    expect((await fetch(`${serverUrl}/healthz`)).status).toBe(200);
  });

  test('tracing-lab-client calls that server, then exits 0 on SIGTERM', async () => {
    const env = { SERVER_URL: serverUrl, INTERVAL_MS: '200', ...(await quietTelemetry()) };
    const client = startBin(bin('tracing-lab-client'), env);
    await waitFor(
      () => /ok, \d+ calls? since the last line/.test(client.output.stdout),
      'a successful call',
    );
    client.child.kill('SIGTERM');
    expect(await client.exited).toBe(0);
  });

  test('invalid environment: both bins exit 2 naming the variable', async () => {
    const client = startBin(bin('tracing-lab-client'), { SERVER_URL: 'server:8080' });
    expect(await client.exited).toBe(2);
    expect(client.output.stderr).toContain('invalid SERVER_URL "server:8080"');

    const server = startBin(bin('tracing-lab-server'), { PORT: 'eighty' });
    expect(await server.exited).toBe(2);
    expect(server.output.stderr).toContain('PORT');
  });
});
