import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { guideFiles, repoRoot, shellCommands } from './markdown';
import { byKind, nameLabels, overlays, render, servicePorts } from './render';

/*
 * Every kubectl command the guide gives for OUR stack must work against the manifests as they are:
 * the `-k` directory is a kustomization, the `-l app.kubernetes.io/name=...` selector selects
 * something in that overlay, and `deploy/`, `svc/`, `configmap/` names exist with the ports used.
 * Commands for other software (the OpenTelemetry Demo, Reloader) carry their own namespace or
 * a URL and are left out.
 */

const files = guideFiles().filter((f) => f.path.startsWith('docs/'));
// Commands in shell blocks, and the ones quoted inline in the prose (`kubectl get svc ...`).
const commands = files.flatMap((f) =>
  [
    ...shellCommands(f),
    ...f.inlineCode
      .filter((c) => c.code.startsWith('kubectl '))
      .map((c) => ({ command: c.code, line: c.line })),
  ].map((c) => ({ ...c, doc: f.path, name: `${f.path}:${c.line} ${c.command}` })),
);
const ours = commands.filter(
  (c) => /^kubectl\b/.test(c.command) && !/otel-demo|reloader|https?:\/\//.test(c.command),
);

/** The solution with one of kustomize/components on top (going-further.md). */
const goingFurther = ['tail-sampling', 'span-metrics', 'redaction'].map(
  (name) => `kustomize/overlays/${name}`,
);

const solution = render('kustomize/overlays/solution');
const exercise = render('kustomize/overlays/exercise');

/** Objects of both overlays: the exercise page works on the exercise, the solution converges. */
function anyRender<T>(pick: (r: typeof solution) => T[]): T[] {
  return [...pick(exercise), ...pick(solution)];
}

describe('kubectl commands in the guide', () => {
  it('the guide walks through every component with label selectors', () => {
    const selected = new Set(
      ours.flatMap((c) =>
        [...c.command.matchAll(/app\.kubernetes\.io\/name=([\w-]+)/g)].map((m) => m[1]),
      ),
    );
    for (const name of nameLabels(exercise)) expect([...selected]).toContain(name);
  });

  it.each(ours.map((c) => [c.name, c] as const))('%s', (_name, { command }) => {
    const dir = /(?:-k|kustomize)\s+(\S+)/.exec(command)?.[1];
    let target = [exercise, solution];
    if (dir) {
      expect(
        existsSync(join(repoRoot, dir, 'kustomization.yaml')),
        `${dir}/kustomization.yaml`,
      ).toBe(true);
      expect(
        [...overlays, ...goingFurther, 'kustomize/facilitator/cluster'],
        'the guide applies our own kustomizations only',
      ).toContain(dir.replace(/\/$/, ''));
      target = [render(dir.replace(/\/$/, ''))];
    }
    for (const m of command.matchAll(/-l\s+app\.kubernetes\.io\/name=([\w-]+)/g)) {
      for (const r of target) expect([...nameLabels(r)], r.overlay).toContain(m[1]);
    }
    for (const m of command.matchAll(/\b(deploy|deployment|svc|service|configmap|cm)\/([\w-]+)/g)) {
      const kind =
        { deploy: 'Deployment', deployment: 'Deployment', svc: 'Service', service: 'Service' }[
          m[1] as string
        ] ?? 'ConfigMap';
      const names = anyRender((r) => byKind(r, kind).map((o) => o.metadata.name));
      expect(names, `${kind} ${m[2]}`).toContain(m[2]);
    }
    for (const m of command.matchAll(/\bget\s+(svc|service|deploy|deployment)\s+([\w-]+)/g)) {
      const kind = m[1]?.startsWith('s') ? 'Service' : 'Deployment';
      expect(
        anyRender((r) => byKind(r, kind).map((o) => o.metadata.name)),
        `${kind} ${m[2]}`,
      ).toContain(m[2]);
    }
    const forward = /port-forward\s+svc\/([\w-]+)\s+(?:\d+:)?(\d+)/.exec(command);
    if (forward) {
      const ports = servicePorts(solution, forward[1] ?? '') ?? [];
      expect(ports, `Service ${forward[1]} port`).toContain(Number(forward[2]));
    }
  });

  it('pods are found by the label the manifests put on them', () => {
    for (const c of ours.filter((x) =>
      /get pods?\b.*-l\s+app\.kubernetes\.io\/name=/.test(x.command),
    )) {
      const label = /-l\s+app\.kubernetes\.io\/name=([\w-]+)/.exec(c.command)?.[1];
      const templates = anyRender((r) =>
        byKind(r, 'Deployment').map(
          (d) => d.spec?.template?.metadata?.labels?.['app.kubernetes.io/name'],
        ),
      );
      expect(templates, c.name).toContain(label);
    }
  });
});
