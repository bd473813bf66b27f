import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { qualifiedRef, sourceState } from '../../../packages/lab/src/container-images/index.js';
import { run, Sandbox } from './containers.js';
import { repoRoot } from './global-setup.js';

const refs = inject('imageRefs');

/** Uncompressed sizes allowed (podman's size of the image): a regression shows here first. */
const BUDGET_MB = { server: 270, client: 270, 'otel-collector': 50, jaeger: 140 } as const;

interface Entry {
  mode: string;
  owner: string;
  path: string;
}

/** Every file of the image as `tar -tv` lists it (numeric owners), without running the image. */
async function imageFiles(image: string, component: string, sandbox: Sandbox): Promise<Entry[]> {
  const name = sandbox.name(`export-${component}`);
  const archive = join(sandbox.dir(), 'rootfs.tar');
  await run(['create', '--name', name, image]);
  await run(['export', '--output', archive, name]);
  const listing = execFileSync('tar', ['-tvf', archive, '--numeric-owner'], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return listing
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      // -rw-r--r-- 0/0    1234 2026-12-01 00:00 app/package.json
      const [mode = '', owner = '', , , , ...rest] = line.split(/\s+/);
      return {
        mode,
        owner,
        path: rest
          .join(' ')
          .replace(/ -> .*$/, '')
          .replace(/^\.\//, ''),
      };
    });
}

interface Dependency {
  dependencies?: Record<string, Dependency>;
}

/** Every package `pnpm list --prod` finds under a workspace package, the workspace's own excluded. */
function productionClosure(name: string): Set<string> {
  const [tree] = JSON.parse(
    execFileSync('pnpm', ['--filter', name, 'list', '--prod', '--depth', 'Infinity', '--json'], {
      cwd: repoRoot,
      encoding: 'utf8',
    }),
  ) as Dependency[];
  const names = new Set<string>();
  const walk = (node: Dependency) => {
    for (const [dependency, child] of Object.entries(node.dependencies ?? {})) {
      if (!dependency.startsWith('@tracing-lab/')) names.add(dependency);
      walk(child);
    }
  };
  walk(tree ?? {});
  return names;
}

const inspect = async (image: string) =>
  JSON.parse(await run(['image', 'inspect', image]))[0] as {
    Size: number;
    Config: {
      User?: string;
      Labels?: Record<string, string>;
      Env?: string[];
      Entrypoint?: string[];
      Cmd?: string[];
    };
  };

describe('image facts', () => {
  const sandbox = new Sandbox();
  const sizes: Record<string, number> = {};
  afterAll(async () => {
    console.log(`image sizes (MB): ${JSON.stringify(sizes)}`);
    await sandbox.cleanup();
  });

  describe.each(['server', 'client'] as const)('%s image', (component) => {
    const pkg = JSON.parse(readFileSync(`${repoRoot}packages/${component}/package.json`, 'utf8'));
    let files: Entry[];
    beforeAll(async () => {
      files = await imageFiles(qualifiedRef(refs[component]), component, sandbox);
      expect(files.map((f) => f.path)).toContain('app/dist/bin.js');
    });

    it('carries OCI labels naming the commit it was built from and that commit’s date', async () => {
      const { Config } = await inspect(refs[component]);
      const state = await sourceState(repoRoot);
      const labels = Config.Labels ?? {};
      expect(labels['org.opencontainers.image.revision']).toBe(state.revision);
      expect(labels['org.opencontainers.image.revision']).toBe(
        execFileSync('git', ['-C', repoRoot, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim(),
      );
      expect(labels['org.opencontainers.image.created']).toBe(state.created);
      expect(Number.isNaN(Date.parse(labels['org.opencontainers.image.created'] ?? ''))).toBe(
        false,
      );
      expect(labels['org.opencontainers.image.version']).toBe(pkg.version);
      expect(labels['org.opencontainers.image.title']).toBe(`tracing-lab-${component}`);
    });

    it('holds no package manager, and no trace of the CA the build used', () => {
      const paths = new Set(files.map((f) => f.path));
      for (const tool of ['npm', 'npx', 'corepack', 'yarn', 'yarnpkg', 'pnpm']) {
        expect(paths.has(`usr/local/bin/${tool}`), tool).toBe(false);
      }
      for (const tool of ['apt', 'apt-get', 'dpkg'])
        expect(paths.has(`usr/bin/${tool}`), tool).toBe(false);
      expect([...paths].filter((p) => p.startsWith('usr/local/lib/node_modules/'))).toEqual([]);
      expect(
        [...paths].filter((p) => p.startsWith('run/secrets/') && p !== 'run/secrets/'),
      ).toEqual([]);
    });

    it('ships exactly its production dependencies: no dev dependency, no build tool', () => {
      const installed = new Set(
        files.flatMap(({ path }) => {
          const match =
            /app\/node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)\/package\.json$/.exec(
              path,
            );
          return match?.[1] && !match[1].startsWith('@tracing-lab/') ? [match[1]] : [];
        }),
      );
      expect(installed).toEqual(productionClosure(pkg.name));
    });

    it('leaves nothing in /app that its user (10001, neither owner nor group) cannot read', () => {
      // `-rw-------` owned by root (0600), or a directory others cannot enter, breaks the program
      // only at the moment it loads that file.
      const unreadable = files.filter(
        ({ mode, owner, path }) =>
          path.startsWith('app/') &&
          owner.startsWith('0/') &&
          (mode[7] !== 'r' || (mode[0] === 'd' && mode[9] !== 'x')),
      );
      expect(unreadable.map((f) => `${f.mode} ${f.owner} ${f.path}`)).toEqual([]);
    });
  });

  describe.each(['server', 'client', 'otel-collector', 'jaeger'] as const)(
    '%s image',
    (component) => {
      it('runs as a numeric, non-root user and fits its size budget', async () => {
        const { Config, Size } = await inspect(refs[component]);
        expect(Config.User).toMatch(/^\d+(:\d+)?$/);
        expect(Number(Config.User?.split(':')[0])).toBeGreaterThan(0);
        sizes[component] = Math.round(Size / 1e6);
        expect(Size / 1e6).toBeLessThanOrEqual(BUDGET_MB[component]);
      });
    },
  );
});
