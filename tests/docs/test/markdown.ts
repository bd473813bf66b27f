import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '../../..');
export const docsDir = join(repoRoot, 'docs');

export interface Fence {
  lang: string;
  /** 1-based line of the opening fence. */
  line: number;
  body: string[];
}

export interface Link {
  text: string;
  href: string;
  line: number;
  /** Text of the source line after the closing parenthesis of the link. */
  after: string;
}

export interface MarkdownFile {
  /** Path relative to the repository root, with forward slashes. */
  path: string;
  abs: string;
  lines: string[];
  headings: { level: number; text: string; line: number }[];
  fences: Fence[];
  links: Link[];
  /** Inline code spans outside fences, with their line. */
  inlineCode: { code: string; line: number }[];
  /** Lines outside fences, for prose checks. */
  prose: { text: string; line: number }[];
}

/** Every Markdown file of the guide plus the root README (which links into it). */
export function guideFiles(): MarkdownFile[] {
  const found: string[] = [join(repoRoot, 'README.md')];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.md')) found.push(full);
    }
  };
  walk(docsDir);
  return found.map(parseMarkdown);
}

const fenceOpen = /^\s*(```|~~~)\s*([\w-]*)/;
const linkPattern = /\[([^\]]*)\]\(([^)\s]+)\)/g;

/** Splits a line into code spans and the text around them (CommonMark single-backtick spans). */
function splitInlineCode(text: string): { code: string[]; rest: string } {
  const code: string[] = [];
  const rest = text.replace(
    /(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/g,
    (_all, _ticks, inner: string) => {
      code.push(inner.trim());
      return ' '.repeat(_all.length);
    },
  );
  return { code, rest };
}

export function parseMarkdown(abs: string): MarkdownFile {
  const lines = readFileSync(abs, 'utf8').split('\n');
  const file: MarkdownFile = {
    path: relative(repoRoot, abs).split('\\').join('/'),
    abs,
    lines,
    headings: [],
    fences: [],
    links: [],
    inlineCode: [],
    prose: [],
  };
  let open: { marker: string; fence: Fence } | undefined;
  lines.forEach((text, index) => {
    const line = index + 1;
    if (open) {
      if (text.trim().startsWith(open.marker)) open = undefined;
      else open.fence.body.push(text);
      return;
    }
    const fence = fenceOpen.exec(text);
    if (fence) {
      const marker = fence[1] as string;
      open = { marker, fence: { lang: fence[2] ?? '', line, body: [] } };
      file.fences.push(open.fence);
      return;
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(text);
    if (heading)
      file.headings.push({ level: heading[1]?.length ?? 0, text: heading[2] ?? '', line });
    file.prose.push({ text, line });
    const { code, rest } = splitInlineCode(text);
    for (const c of code) file.inlineCode.push({ code: c, line });
    for (const match of rest.matchAll(linkPattern)) {
      const start = match.index ?? 0;
      // The link text was not blanked (only code spans were), so read it back from the source line.
      const original = text.slice(start, start + match[0].length);
      const parsed = /^\[([^\]]*)\]\(([^)\s]+)\)$/.exec(original);
      file.links.push({
        text: parsed?.[1] ?? '',
        href: parsed?.[2] ?? '',
        line,
        after: text.slice(start + match[0].length),
      });
    }
  });
  if (open) throw new Error(`${file.path}:${open.fence.line}: code fence never closed`);
  return file;
}

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens, letters kept. */
export function headingSlug(text: string): string {
  const plain = text
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '');
  return plain
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

export function anchorsOf(file: MarkdownFile): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const h of file.headings) {
    const base = headingSlug(h.text);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

/** Shell commands written in the guide: lines of sh/bash/console fences, continuations joined. */
export function shellCommands(file: MarkdownFile): { command: string; line: number }[] {
  const out: { command: string; line: number }[] = [];
  for (const fence of file.fences) {
    if (!['sh', 'bash', 'shell', 'console'].includes(fence.lang)) continue;
    let pending = '';
    let start = 0;
    fence.body.forEach((raw, i) => {
      const text = raw.replace(/^\$\s+/, '').trim();
      if (!pending && (text === '' || text.startsWith('#'))) return;
      if (!pending) start = fence.line + 1 + i;
      pending += (pending ? ' ' : '') + text.replace(/\\$/, '').trim();
      if (!text.endsWith('\\')) {
        out.push({ command: pending.replace(/\s+#\s.*$/, ''), line: start });
        pending = '';
      }
    });
  }
  return out;
}
