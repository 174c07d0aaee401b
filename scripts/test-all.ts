// `npm test`: every test project, in two vitest processes side by side.
//
// Why two processes: the integration, PostgreSQL and browser projects run their files one at a time (the files of
// a project share one test server and its database), and vitest runs all such files in one sequence across
// projects (vitest's default on 2 cores is one worker). Run as one sequence the suite took 37 minutes on CI's
// 2 cores, one of them often idle while a test waited for its server, a build, PostgreSQL or Chromium. The projects share nothing (each has its own test
// server, database or cluster, ports from the OS, temporary folders), so two sequences run at once, each as
// long as the other (measured: 22.7 and 17.4 min with the unit tests on the SQLite side, so they moved): SQLite
// (integration, browser) and PostgreSQL (its own tests and the integration suite again on it) with the unit tests.
//
// `npm test -- <vitest arguments>` (a file, --project, -t …) runs one vitest process with them, as before.
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { buildIfStale } from './lib/build-if-stale.ts';

const ROOT = resolve(import.meta.dirname, '..');
const VITEST = join(ROOT, 'node_modules/vitest/vitest.mjs');
const LANES: { name: string; projects: string[] }[] = [
  { name: 'sqlite', projects: ['integration', 'e2e'] },
  { name: 'postgresql+unit', projects: ['unit', 'pg', 'integration-pg'] },
];

const given = process.argv.slice(2);
if (given.length > 0) {
  const child = spawn(process.execPath, [VITEST, 'run', ...given], { cwd: ROOT, stdio: 'inherit' });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  // Built once here: two test servers building the same dist/ at once would overwrite each other's files.
  await buildIfStale(ROOT);
  const started = performance.now();
  const width = Math.max(...LANES.map((l) => l.name.length));
  const results = await Promise.all(LANES.map((lane) => runLane(lane.name.padEnd(width), lane.projects)));
  const minutes = ((performance.now() - started) / 60_000).toFixed(1);
  console.log(`\nnpm test: ${results.map((r, i) => `${LANES[i]!.name} ${r.code === 0 ? 'passed' : 'FAILED'} in ${r.minutes} min`).join(', ')}; ${minutes} min in all.`);
  if (results.some((r) => r.code !== 0)) {
    console.log('A lane failed: its lines above start with its name. Run one project again with `npm test -- --project <name>`.');
    process.exit(1);
  }
}

/** One vitest process for `projects`, its output line by line behind `label`. */
function runLane(label: string, projects: string[]): Promise<{ code: number; minutes: string }> {
  const t = performance.now();
  const args = [VITEST, 'run', ...projects.flatMap((p) => ['--project', p])];
  // Piped, not a terminal: vitest prints one line per finished file instead of redrawing a status block.
  // Each lane takes its test ports from a range of its own (scripts/lib/free-port.ts).
  const lane = LANES.findIndex((l) => label.trim() === l.name);
  const env = { ...process.env, JISOU_TEST_PORT_LANE: String(lane) };
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const [stream, out] of [[child.stdout, process.stdout], [child.stderr, process.stderr]] as const) {
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop()!;
      for (const line of lines) out.write(`${label} │ ${line}\n`);
    });
    stream.on('end', () => rest && out.write(`${label} │ ${rest}\n`));
  }
  const stop = () => child.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return new Promise((done) => {
    child.on('exit', (code, signal) => done({ code: code ?? (signal ? 1 : 0), minutes: ((performance.now() - t) / 60_000).toFixed(1) }));
  });
}
