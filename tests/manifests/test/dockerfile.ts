import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './render';

export interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

export interface Stage {
  name: string;
  base: string;
  instructions: Instruction[];
}

/** Instructions with their continuation lines joined, comments dropped. */
export function instructions(text: string): Instruction[] {
  const result: Instruction[] = [];
  let pending: Instruction | undefined;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (!pending && (line === '' || line.startsWith('#'))) return;
    if (pending) pending.args += ` ${line.replace(/\\$/, '').trim()}`;
    else {
      const [, keyword = '', args = ''] = /^(\w+)\s*(.*)$/.exec(line) ?? [];
      pending = {
        keyword: keyword.toUpperCase(),
        args: args.replace(/\\$/, '').trim(),
        line: index + 1,
      };
    }
    if (!line.endsWith('\\')) {
      result.push(pending);
      pending = undefined;
    }
  });
  return result;
}

export function stages(text: string): Stage[] {
  const list: Stage[] = [];
  for (const instruction of instructions(text)) {
    if (instruction.keyword === 'FROM') {
      const words = instruction.args.split(/\s+/).filter((w) => !w.startsWith('--'));
      const as = words.findIndex((w) => w.toUpperCase() === 'AS');
      list.push({
        base: words[0] ?? '',
        name: as >= 0 ? (words[as + 1] ?? '') : '',
        instructions: [],
      });
    } else list.at(-1)?.instructions.push(instruction);
  }
  return list;
}

/** A stage's instructions, its ancestors' first (FROM <earlier stage>). */
export function inherited(all: Stage[], name: string): Instruction[] {
  const stage = all.find((s) => s.name === name);
  if (!stage) return [];
  return [...inherited(all, stage.base), ...stage.instructions];
}

export const dockerfile = () => readFileSync(join(repoRoot, 'Dockerfile'), 'utf8');
