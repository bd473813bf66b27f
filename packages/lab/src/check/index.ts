export { analyseCollectorConfig, type CollectorConfigFacts } from './collector-config.js';
export { type ExportFailure, exportFailures } from './collector-log.js';
export { type CheckOptions, CheckUsageError, runCheck } from './command.js';
export { exerciseSteps, RELOADER_LABEL } from './steps.js';
export type { NamespaceState, Step } from './types.js';
