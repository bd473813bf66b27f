import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { byKind, podSpec } from './k8s';
import { label, renderDir, repoRoot } from './render';

const overlayDirs = readdirSync(join(repoRoot, 'kustomize', 'overlays')).map(
  (name) => `kustomize/overlays/${name}`,
);

describe.each(overlayDirs)('%s: ready for server-side apply', (dir) => {
  // The API server defaults fieldRef.apiVersion to v1. Left out, the field a client-side apply
  // recorded and the one a server-side apply sends disagree: `kubectl apply --server-side` over
  // a client-side-applied lab then fails with conflicts on env[].valueFrom.fieldRef.
  it('every fieldRef names apiVersion v1', () => {
    const fieldRefs = byKind(renderDir(dir), 'Deployment').flatMap((deployment) =>
      podSpec(deployment).containers.flatMap((container) =>
        (container.env ?? []).flatMap(({ name, valueFrom }) =>
          valueFrom?.fieldRef
            ? [{ where: `${label(deployment)} ${container.name} ${name}`, ...valueFrom.fieldRef }]
            : [],
        ),
      ),
    );
    expect(fieldRefs.length).toBeGreaterThan(0);
    for (const { where, apiVersion } of fieldRefs)
      expect({ where, apiVersion }).toEqual({ where, apiVersion: 'v1' });
  });
});
