import { fileURLToPath } from 'node:url';

// Packing takes what is in dist/, so dist/ must match the sources: the client's test setup
// rebuilds exactly the published packages that are older than their sources.
export { default } from '../../../packages/client/test/global-setup.js';

export const PUBLISHED = ['telemetry', 'server', 'client'] as const;
export const packagesDir = fileURLToPath(new URL('../../../packages', import.meta.url));
