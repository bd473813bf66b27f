import { execFileSync, spawnSync } from 'node:child_process';
import {
  accessSync,
  constants,
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const workflowsDir = join(repoRoot, '.github/workflows');
const workflows = readdirSync(workflowsDir).filter((f) => f.endsWith('.yml'));
const actionlint = (...args: string[]) =>
  spawnSync(join(repoRoot, 'scripts/actionlint'), ['-no-color', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
  });

interface Step {
  uses?: string;
  run?: string;
}
const steps = (file: string): Step[] => {
  const workflow = parse(readFileSync(join(workflowsDir, file), 'utf8')) as {
    jobs: Record<string, { steps?: Step[] }>;
  };
  return Object.values(workflow.jobs).flatMap((job) => job.steps ?? []);
};

describe('GitHub workflows', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'workflows-test-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('has the CI and release workflows', () => {
    expect(workflows.sort()).toEqual(['ci.yml', 'release.yml']);
  });

  it('passes actionlint', () => {
    const result = actionlint();
    expect(result.stdout + result.stderr.replace(/^actionlint: building.*\n/m, '')).toBe('');
    expect(result.status).toBe(0);
  });

  it('actionlint does catch a broken workflow (the check above is not vacuous)', () => {
    const broken = join(scratch, 'broken.yml');
    writeFileSync(
      broken,
      'on: push\njobs:\n  x:\n    runs-on: ubuntu-24.04\n    needs: [nope]\n    steps:\n      - run: echo hi\n',
    );
    const result = actionlint(broken);
    expect(result.status).not.toBe(0);
    expect(result.stdout).toMatch(/nope/);
  });

  it.each(workflows)('%s pins every action by commit, with the release in a comment', (file) => {
    const text = readFileSync(join(workflowsDir, file), 'utf8');
    const uses = steps(file).flatMap((s) => (s.uses ? [s.uses] : []));
    expect(uses.length).toBeGreaterThan(0);
    for (const ref of uses) {
      expect(ref).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
      expect(text).toMatch(new RegExp(`${ref.replace(/[./]/g, '\\$&')} # v\\d+\\.\\d+\\.\\d+`));
    }
  });

  it.each(workflows)('%s calls repository scripts that exist and are executable', (file) => {
    const scripts = steps(file)
      .flatMap((s) => [...(s.run ?? '').matchAll(/\.\/(scripts\/[\w.-]+|\.ci\/run)/g)])
      .map((m) => m[1] as string);
    for (const script of scripts) {
      expect(() => accessSync(join(repoRoot, script), constants.X_OK), script).not.toThrow();
    }
  });
});

describe('release: image tags follow the packages version', () => {
  it('bump-image-tags moves the server and client tags in kustomize/base, and nothing else', () => {
    const copy = mkdtempSync(join(tmpdir(), 'bump-image-tags-'));
    try {
      cpSync(
        join(repoRoot, 'kustomize/base/kustomization.yaml'),
        join(copy, 'kustomize/base/kustomization.yaml'),
        {
          recursive: true,
        },
      );
      const before = readFileSync(join(copy, 'kustomize/base/kustomization.yaml'), 'utf8');
      cpSync(
        join(repoRoot, 'packages/server/package.json'),
        join(copy, 'packages/server/package.json'),
      );
      const pkg = JSON.parse(readFileSync(join(copy, 'packages/server/package.json'), 'utf8'));
      writeFileSync(
        join(copy, 'packages/server/package.json'),
        JSON.stringify({ ...pkg, version: '9.8.7' }),
      );
      execFileSync('node', [join(repoRoot, 'scripts/bump-image-tags.mjs'), copy], {
        stdio: 'pipe',
      });
      const after = readFileSync(join(copy, 'kustomize/base/kustomization.yaml'), 'utf8');
      const images = (text: string) =>
        (parse(text) as { images: { name: string; newTag: string }[] }).images;
      const tags = Object.fromEntries(images(after).map((i) => [i.name, i.newTag]));
      expect(tags['ghcr.io/tracing-lab/tracing-lab-server']).toBe('9.8.7');
      expect(tags['ghcr.io/tracing-lab/tracing-lab-client']).toBe('9.8.7');
      const others = (list: { name: string }[]) =>
        list.filter((i) => !i.name.startsWith('ghcr.io/tracing-lab/'));
      expect(others(images(after))).toEqual(others(images(before)));
      // comments and layout kept: only the two newTag values differ
      expect(after.split('\n').filter((line, i) => line !== before.split('\n')[i])).toHaveLength(2);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('the release runs it in the version step', () => {
    const scripts = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).scripts;
    expect(scripts['version-packages']).toBe(
      'changeset version && node scripts/bump-image-tags.mjs',
    );
    const changesets = steps('release.yml').find((s) =>
      s.uses?.startsWith('changesets/action@'),
    ) as {
      with?: Record<string, string>;
    };
    expect(changesets.with?.version).toBe('pnpm run version-packages');
  });
});
