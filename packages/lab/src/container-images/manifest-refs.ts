import { join } from 'node:path';
import { LabConfigError } from '../errors.js';
import { renderOverlay } from '../manifests/render.js';
import { COMPONENTS, type ImageRefs } from './types.js';

/**
 * The image each Deployment of kustomize/base runs, as rendered (tags included): the names the
 * local images must carry for a cluster to use them without a registry.
 *
 * @example await manifestRefs(repoRoot) // { server: 'ghcr.io/tracing-lab/tracing-lab-server:0.1.0', ... }
 */
export async function manifestRefs(repoRoot: string, kubectl = 'kubectl'): Promise<ImageRefs> {
  const render = await renderOverlay(join(repoRoot, 'kustomize', 'base'), { kubectl });
  const refs: Partial<ImageRefs> = {};
  for (const component of COMPONENTS) {
    const deployment = render.deployments.find((d) => d.metadata.name === component);
    const image = deployment?.spec.template.spec.containers[0]?.image;
    if (!image)
      throw new LabConfigError(`kustomize/base has no Deployment ${component} with an image`);
    refs[component] = image;
  }
  return refs as ImageRefs;
}
