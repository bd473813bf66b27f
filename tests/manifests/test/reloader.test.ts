import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { find, mountedConfigMap, podSpec } from './k8s';
import { overlays, type Render, render, renderDir, repoRoot } from './render';

const annotation = 'configmap.reloader.stakater.com/reload';
const scratch = mkdtempSync(join(tmpdir(), 'tracing-lab-reloader-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const collector = (r: Render) => find(r, 'Deployment', 'otel-collector');
const configName = (r: Render) =>
  mountedConfigMap(r, 'otel-collector', '/etc/otelcol-contrib').metadata.name;

/** Renders `overlay` from a copy of kustomize/ in which `file` got one more comment line. */
function renderWithEditedConfig(overlay: string, file: string): Render {
  const copy = mkdtempSync(join(scratch, 'copy-'));
  cpSync(join(repoRoot, 'kustomize'), join(copy, 'kustomize'), { recursive: true });
  appendFileSync(join(copy, 'kustomize', file), '# edited by an attendee\n');
  return renderDir(`kustomize/overlays/${overlay}`, copy);
}

describe('the Collector config, Reloader and rollouts', () => {
  it.each(overlays)(
    '%s: the Reloader annotation names the ConfigMap the Collector mounts',
    (overlay) => {
      const rendered = render(overlay);
      expect(collector(rendered).metadata.annotations?.[annotation]).toBe(configName(rendered));
    },
  );

  it.each(overlays)(
    '%s: the whole directory is mounted (a subPath never sees updates)',
    (overlay) => {
      const container = podSpec(collector(render(overlay))).containers[0];
      const mount = container?.volumeMounts?.find((m) => m.mountPath === '/etc/otelcol-contrib');
      expect(mount?.subPath).toBeUndefined();
      expect(container?.args).toContain('--config=/etc/otelcol-contrib/config.yaml');
      expect(
        Object.keys(
          mountedConfigMap(render(overlay), 'otel-collector', '/etc/otelcol-contrib').data ?? {},
        ),
      ).toEqual(['config.yaml']);
    },
  );

  it('exercise: re-applying an edited config changes the ConfigMap only, so nothing restarts', () => {
    const edited = renderWithEditedConfig(
      'exercise',
      'overlays/exercise/otel-collector-config.yaml',
    );
    expect(configName(edited)).toBe('otel-collector-config');
    expect(mountedConfigMap(edited, 'otel-collector', '/etc/otelcol-contrib').data).not.toEqual(
      mountedConfigMap(render('exercise'), 'otel-collector', '/etc/otelcol-contrib').data,
    );
    expect(collector(edited)).toEqual(collector(render('exercise')));
  });

  it('solution: an edited config gets a new ConfigMap name, so the Collector rolls out', () => {
    const edited = renderWithEditedConfig('solution', 'base/otel-collector/config.yaml');
    expect(configName(edited)).not.toBe(configName(render('solution')));
    expect(configName(edited)).toMatch(/^otel-collector-config-[a-z0-9]{10}$/);
    expect(collector(edited).spec?.template).not.toEqual(
      collector(render('solution')).spec?.template,
    );
    expect(collector(edited).metadata.annotations?.[annotation]).toBe(configName(edited));
  });

  it('applying the solution over the exercise changes the pod template of all three programs', () => {
    for (const name of ['client', 'server', 'otel-collector']) {
      const template = (r: Render) => find(r, 'Deployment', name).spec?.template;
      expect(template(render('solution')), name).not.toEqual(template(render('exercise')));
    }
  });
});
