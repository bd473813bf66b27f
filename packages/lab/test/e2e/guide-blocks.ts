import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/*
 * The shell blocks of the workshop guide (docs/<lang>/*.md) and what their fence says about them:
 *
 *   ```sh run                      a command an attendee runs; it ends by itself
 *   ```sh run=step4-restart        the same, named so that a test can refer to it
 *   ```sh run exits=1              a command that ends with that exit code at this point of the guide
 *   ```sh run background           a command that keeps running (port-forward) until stopped
 *   ```sh needs=kind               needs what a test machine has not (kind, helm, a registry...)
 *
 * Output samples and configuration excerpts are `text`/`yaml` blocks and carry no marker; every
 * `sh` block carries one.
 */

export interface GuideBlock {
  /** `exercise.md:134`: the page and the line of the opening fence. */
  where: string;
  page: string;
  line: number;
  /** `run` blocks are run; `needs` blocks are skipped for what they name. */
  kind: 'run' | 'needs';
  name?: string;
  background: boolean;
  needs?: string;
  /** The exit code the block ends with where it stands in the guide (0 unless `exits=N`). */
  exits: number;
  /** The commands, without the fence's indentation. */
  script: string;
}

const fence = /^(\s*)(```|~~~)(\S*)(.*)$/;

function parseInfo(where: string, words: string[]) {
  let kind: GuideBlock['kind'] | undefined;
  let name: string | undefined;
  let needs: string | undefined;
  let background = false;
  let exits = 0;
  for (const word of words) {
    const [key, value] = word.split('=', 2);
    if (key === 'run') [kind, name] = ['run', value];
    else if (key === 'exits' && /^\d+$/.test(value ?? '')) exits = Number(value);
    else if (key === 'needs' && value) [kind, needs] = ['needs', value];
    else if (word === 'background') background = true;
    else throw new Error(`${where}: unknown marker "${word}" on a shell block`);
  }
  if (!kind) throw new Error(`${where}: shell block without "run" or "needs=<what>"`);
  if (background && kind !== 'run') throw new Error(`${where}: "background" without "run"`);
  if (exits !== 0 && (kind !== 'run' || background))
    throw new Error(`${where}: "exits" on a block that does not run to its end`);
  return { kind, name, needs, background, exits };
}

/** The shell blocks of one page, in document order. */
export function pageBlocks(docsDir: string, lang: string, page: string): GuideBlock[] {
  const lines = readFileSync(join(docsDir, lang, page), 'utf8').split('\n');
  const blocks: GuideBlock[] = [];
  let open: { indent: number; marker: string; body: string[]; block?: GuideBlock } | undefined;
  lines.forEach((text, index) => {
    const match = fence.exec(text);
    if (open) {
      if (match && match[2] === open.marker && !match[3]) {
        if (open.block) open.block.script = `${open.body.join('\n')}\n`;
        open = undefined;
      } else open.body.push(text.slice(open.indent));
      return;
    }
    if (!match) return;
    const [, indent = '', marker = '', language = '', info = ''] = match;
    open = { indent: indent.length, marker, body: [] };
    if (!['sh', 'bash', 'shell'].includes(language)) return;
    const where = `${page}:${index + 1}`;
    const words = info.trim().split(/\s+/).filter(Boolean);
    open.block = { where, page, line: index + 1, script: '', ...parseInfo(where, words) };
    blocks.push(open.block);
  });
  if (open) throw new Error(`${lang}/${page}: code fence never closed`);
  return blocks;
}
