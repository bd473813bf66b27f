import type { Step } from './types.js';

/** The first step not done, with its number (1-based); undefined when all are done. */
export function currentStep(steps: Step[]): { number: number; step: Step } | undefined {
  const index = steps.findIndex((s) => !s.done);
  const step = steps[index];
  return step ? { number: index + 1, step } : undefined;
}

/**
 * The attendee's view: one ✓/✗ line per step, then where they stand and a hint.
 *
 * @example console.log(stepsReport('trainee-7', steps).join('\n'))
 */
export function stepsReport(namespace: string, steps: Step[]): string[] {
  const lines = [`tracing-lab check: namespace ${namespace}`];
  steps.forEach((step, i) => {
    lines.push(`${step.done ? '✓' : '✗'} ${i + 1}. ${step.title}: ${step.detail}`);
  });
  const current = currentStep(steps);
  if (!current) lines.push(`all ${steps.length} steps done`);
  else {
    lines.push(`current step: ${current.number}. ${current.step.title}`);
    if (current.step.hint) lines.push(`hint: ${current.step.hint}`);
  }
  return lines;
}

/** The facilitator's view of one namespace: one line with the step reached. */
export function overviewLine(namespace: string, steps: Step[], width: number): string {
  const current = currentStep(steps);
  const name = namespace.padEnd(width);
  if (!current) return `${name}  ✓ done (${steps.length}/${steps.length})`;
  const { number, step } = current;
  return `${name}  ✗ step ${number}/${steps.length} ${step.title}: ${step.detail}`;
}
