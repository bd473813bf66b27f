export { hostArch, localImageId, podman, qualifiedRef } from './engine.js';
export { ensureAppImages, ensureImages } from './ensure-images.js';
export { manifestRefs } from './manifest-refs.js';
export { printImages } from './print-images.js';
export { scratchContainerfile } from './scratch-image.js';
export { type SourceState, sourceState } from './source-state.js';
export {
  type Arch,
  COMPONENTS,
  type Component,
  type EnsureImagesOptions,
  type ImageRefs,
} from './types.js';
