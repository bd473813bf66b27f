import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dockerfile, inherited, instructions, stages } from './dockerfile';
import { ignored } from './dockerignore';
import { byKind, podSpec } from './k8s';
import { render, repoRoot } from './render';

const text = dockerfile();
const all = stages(text);
const readJson = (path: string) => JSON.parse(readFileSync(join(repoRoot, path), 'utf8'));
const workspacePackages = ['telemetry', 'server', 'client', 'lab'].map((dir) => ({
  dir: `packages/${dir}`,
  manifest: readJson(`packages/${dir}/package.json`),
}));
const packageDir = (name: string) => workspacePackages.find((p) => p.manifest.name === name)?.dir;

/** ARG defaults declared before the first FROM, substituted into FROM lines. */
function globalArg(name: string): string | undefined {
  const firstFrom = text.search(/^FROM /m);
  const m = new RegExp(`^ARG ${name}=(\\S+)$`, 'm').exec(text.slice(0, firstFrom));
  return m?.[1];
}
const resolve = (base: string) =>
  base.replace(/\$\{?(\w+)\}?/g, (_, n: string) => globalArg(n) ?? '');

const targets = ['server', 'client'] as const;

describe('Dockerfile: what can be checked without a Docker engine', () => {
  it('every stage starts from a pinned Node 24, the release the toolchain runs', () => {
    const toolchain = /^NODE_VERSION=(\S+)$/m.exec(
      readFileSync(join(repoRoot, 'scripts/toolchain.sh'), 'utf8'),
    )?.[1];
    for (const stage of all) {
      if (all.some((s) => s.name === stage.base)) continue;
      const image = resolve(stage.base);
      expect(image, stage.name).toMatch(/^node:24\.\d+\.\d+-[a-z0-9.-]+$/);
      expect(image.split(':')[1]?.split('-')[0], 'same Node as scripts/toolchain.sh').toBe(
        toolchain,
      );
    }
  });

  it('installs the pnpm release the workspace pins', () => {
    const pinned = readJson('package.json').packageManager;
    expect(text).toContain(`npm install --global --no-audit --no-fund ${pinned}`);
  });

  it('copies only files that exist and that .dockerignore keeps in the context', () => {
    const copies = instructions(text).filter(
      (i) => i.keyword === 'COPY' && !i.args.startsWith('--from'),
    );
    expect(copies.length).toBeGreaterThan(0);
    for (const copy of copies) {
      const sources = copy.args.split(/\s+/).slice(0, -1);
      for (const source of sources.filter((s) => s !== '.')) {
        expect(existsSync(join(repoRoot, source)), `line ${copy.line}: ${source}`).toBe(true);
        expect(ignored(source), `line ${copy.line}: ${source} is in .dockerignore`).toBe(false);
      }
    }
  });

  it('builds and deploys workspace packages whose sources reach the context', () => {
    const filters = [...text.matchAll(/--filter (\S+)/g)].map((m) =>
      (m[1] ?? '').replace(/\.\.\.$/, ''),
    );
    expect(new Set(filters)).toEqual(new Set(['@tracing-lab/server', '@tracing-lab/client']));
    const needed = [
      'package.json',
      'pnpm-lock.yaml',
      'pnpm-workspace.yaml',
      'tsconfig.base.json',
      'tsup.base.ts',
    ];
    for (const name of filters) {
      const dir = packageDir(name);
      expect(dir, name).toBeDefined();
      const manifest = readJson(`${dir}/package.json`);
      const local = Object.keys(manifest.dependencies ?? {}).filter((d) => packageDir(d));
      for (const pkg of [dir, ...local.map(packageDir)]) {
        needed.push(`${pkg}/package.json`, `${pkg}/src/index.ts`, `${pkg}/tsup.config.ts`);
      }
    }
    for (const path of needed) {
      expect(existsSync(join(repoRoot, path)), path).toBe(true);
      expect(ignored(path), `${path} is in .dockerignore`).toBe(false);
    }
    expect(ignored('packages/server/node_modules')).toBe(true);
    expect(ignored('packages/server/dist')).toBe(true);
  });

  describe.each(targets)('target %s', (target) => {
    const steps = inherited(all, target);
    const last = (keyword: string) => steps.filter((s) => s.keyword === keyword).at(-1)?.args;
    const dir = `packages/${target}`;
    const manifest = readJson(`${dir}/package.json`);

    it('runs node itself on the entry the package publishes as its bin', () => {
      const bin = String(Object.values(manifest.bin)[0]).replace(/^\.\//, '');
      expect(JSON.parse(last('CMD') ?? 'null')).toEqual(['node', bin]);
      expect(JSON.parse(last('ENTRYPOINT') ?? 'null'), 'no shell wrapper: node is PID 1').toEqual(
        [],
      );
      // tsup turns src/bin.ts into dist/bin.js.
      const source = bin.replace(/^dist\//, 'src/').replace(/\.js$/, '.ts');
      expect(existsSync(join(repoRoot, dir, source)), source).toBe(true);
      expect(readFileSync(join(repoRoot, dir, 'tsup.config.ts'), 'utf8')).toContain(source);
    });

    it("puts the package's production deploy where WORKDIR points", () => {
      expect(text).toMatch(
        new RegExp(`--filter ${manifest.name} deploy --prod [^\\n]*/out/${target}\\b`),
      );
      expect(last('COPY')).toBe(`--from=build /out/${target} ${last('WORKDIR')}`);
    });

    it('runs as the numeric non-root user the pods declare', () => {
      const user = last('USER') ?? '';
      expect(user).toMatch(/^\d+:\d+$/);
      const deployment = byKind(render('solution'), 'Deployment').find(
        (d) => d.metadata.name === target,
      );
      const context = deployment ? podSpec(deployment).securityContext : undefined;
      expect(user).toBe(`${context?.runAsUser}:${context?.runAsGroup}`);
      expect(Number(user.split(':')[0])).toBeGreaterThan(0);
    });

    it('carries the OCI labels: licence from package.json, version, revision and date from the build', () => {
      const labels = steps
        .filter((s) => s.keyword === 'LABEL')
        .map((s) => s.args)
        .join(' ');
      const value = (key: string) =>
        new RegExp(`org\\.opencontainers\\.image\\.${key}="([^"]*)"`).exec(labels)?.[1];
      expect(value('title')).toBe(`tracing-lab-${target}`);
      expect(value('description')).toBe(manifest.description);
      expect(value('source')).toMatch(/^https:\/\/github\.com\//);
      expect(value('licenses')).toBe(manifest.license);
      // Given by whoever builds (tracing-lab images, the release workflow): nothing to forget here
      // when a release bumps the version. tests/images checks the values in built images.
      for (const [key, arg] of [
        ['version', 'VERSION'],
        ['revision', 'REVISION'],
        ['created', 'CREATED'],
      ]) {
        expect(value(key as string), `the ${arg} build argument`).toBe(`\${${arg}}`);
        expect(
          steps.find((s) => s.keyword === 'ARG' && s.args.startsWith(arg as string))?.args,
        ).toBe(arg);
      }
    });
  });
});
