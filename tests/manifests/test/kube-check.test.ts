import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { kubeCheck } from './kube-check';
import { overlays, renderDir } from './render';

const binary = inject('kubeCheck');

describe('kube-check: API schemas (strict) and Pod Security "restricted"', () => {
  // The exercise, the solution and the going-further overlays (solution + kustomize/components).
  it.each([...overlays, 'tail-sampling', 'span-metrics', 'redaction'])(
    '%s: every object decodes strictly and every pod passes restricted',
    (overlay) => {
      const result = kubeCheck(binary, renderDir(`kustomize/overlays/${overlay}`).text);
      expect(result.problems).toEqual([]);
      expect(result.status).toBe(0);
    },
  );

  it('reports what the API server would refuse, one line per problem', () => {
    const fixture = readFileSync(
      new URL('./fixtures/rejected-objects.yaml', import.meta.url),
      'utf8',
    );
    const result = kubeCheck(binary, fixture);
    expect(result.status).toBe(1);
    const expected: [string, RegExp][] = [
      ['Deployment/duplicate-field', /"replicas" already set/],
      ['Service/unknown-field', /unknown field "spec\.ports\[0\]\.protocoll"/],
      ['Service/long-port-name', /must be no more than 15 characters/],
      ['Deployment/runs-as-root', /runAsNonRoot|runAsUser=0/],
      ['Widget/unknown-kind', /no kind "Widget" is registered/],
      ['Namespace/cluster-scoped', /cluster-scoped/],
      ['ClusterRole/cluster-wide-rights', /cluster-scoped/],
    ];
    expect(
      kubeCheck(binary, fixture, ['-allow-cluster-scoped']).problems.filter((line) =>
        /cluster-scoped/.test(line),
      ),
      'with -allow-cluster-scoped (the facilitator kit)',
    ).toEqual([]);
    for (const [object, problem] of expected) {
      const lines = result.problems.filter((line) => line.startsWith(`${object}: `));
      expect(
        lines.some((line) => problem.test(line)),
        `${object} ${problem}`,
      ).toBe(true);
    }
  });
});
