import type { TestProject } from 'vitest/node';
import { ensureKubeCheck } from './kube-check';

declare module 'vitest' {
  export interface ProvidedContext {
    kubeCheck: string;
  }
}

/** Builds kube-check once for the whole run, before any test file starts. */
export default function setup(project: TestProject): void {
  project.provide('kubeCheck', ensureKubeCheck());
}
