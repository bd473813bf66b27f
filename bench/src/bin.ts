#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { clientPeakUnderLoad } from './client-memory.js';
import { collectorBinary, startCollector } from './collector.js';
import { freePort } from './free-port.js';
import { memoryLimitMib } from './memory-limits.js';
import { MODES } from './modes.js';
import { zeroDropRate } from './pacing.js';
import { killAll } from './processes.js';
import { report } from './report.js';
import { runVariant } from './round.js';
import { measureStartup } from './startup.js';
import { type Round, summarize } from './summary.js';
import { BARE_BIN, CLIENT_BIN, LAB_BIN, repoRoot, SERVER_BIN, VARIANTS } from './variants.js';

const USAGE = `Usage: pnpm bench [--quick | --smoke] [--max-foreign-cpu <cores>]
  (default)  10 kept paired rounds of 10 s, the full pacing search (10 to 20 minutes)
  --quick    3 kept paired rounds of 3 s (within 5 minutes on 2 cores)
  --smoke    1 round of 1 s: checks that the suite works, its numbers mean little
  --max-foreign-cpu  a round is dropped when other work used more cores than this (0.25)`;

const fail = (message: string): never => {
  console.error(`bench: ${message}`);
  process.exit(2);
};

function parseOptions() {
  try {
    return parseArgs({
      options: {
        quick: { type: 'boolean', default: false },
        smoke: { type: 'boolean', default: false },
        'max-foreign-cpu': { type: 'string', default: '0.25' },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    return fail(`${(error as Error).message} (see pnpm bench --help)`);
  }
}

const args = parseOptions();
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
const mode = MODES[args.smoke ? 'smoke' : args.quick ? 'quick' : 'full'];
const maxForeignCores = Number(args['max-foreign-cpu']);
if (!(maxForeignCores >= 0))
  fail(`invalid --max-foreign-cpu ${args['max-foreign-cpu']}: expected a number of cores >= 0`);
for (const file of [SERVER_BIN, CLIENT_BIN, BARE_BIN, LAB_BIN]) {
  if (!existsSync(file)) fail(`${file} is missing: run pnpm build first`);
}

const began = performance.now();
const progress = (line: string) =>
  console.error(`bench [${((performance.now() - began) / 1000).toFixed(0)} s]: ${line}`);
process.once('SIGINT', () => {
  killAll();
  process.exit(130);
});

const collector = await startCollector(await collectorBinary(LAB_BIN));
try {
  const endpoints = { collector: collector.endpoint, down: `http://127.0.0.1:${await freePort()}` };
  const rounds: Round[] = [];
  let kept = 0;
  for (let i = 0; i < mode.maxRounds && kept < mode.rounds; i++) {
    // Each round starts with a different variant, so drift over the run spreads across all four.
    const order = VARIANTS.map(
      (_, k) => VARIANTS[(i + k) % VARIANTS.length] as (typeof VARIANTS)[number],
    );
    const round = {} as Round;
    for (const variant of order)
      round[variant] = await runVariant(variant, endpoints, collector, mode);
    const worst = Math.max(...VARIANTS.map((v) => round[v].foreignCores));
    round.pressured = worst > maxForeignCores;
    if (!round.pressured) kept++;
    progress(
      `round ${i + 1}: ${round.pressured ? 'dropped' : 'kept'} (other work up to ${worst.toFixed(2)} cores); ` +
        VARIANTS.map((v) => `${v} ${round[v].reqPerSec.toFixed(0)} req/s`).join(', '),
    );
    rounds.push(round);
  }
  progress('startup to the first 200 on /healthz');
  const startup = await measureStartup(endpoints, mode.startupPairs);
  const pacing = await zeroDropRate(collector, mode.pacing, progress);
  progress(`our client at full load for ${mode.clientSeconds} s`);
  const client = await clientPeakUnderLoad(collector, endpoints, mode.clientSeconds);
  const results = {
    mode: mode.name,
    rounds,
    maxForeignCores,
    startup,
    pacing,
    memoryLimitMib: memoryLimitMib(repoRoot, 'server'),
    client: { ...client, memoryLimitMib: memoryLimitMib(repoRoot, 'client') },
  };
  for (const line of report(results, summarize(results))) console.log(line);
} catch (error) {
  killAll();
  fail((error as Error).message);
} finally {
  await collector.stop();
}
