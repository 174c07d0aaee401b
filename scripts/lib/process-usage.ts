// CPU time and memory of a server as benchmarks see it (Linux /proc). `npm start` is a supervisor holding
// the socket (scripts/lib/supervisor.ts); the requests are served by its worker process, so a figure for the
// server covers the process and its children.
import { readdirSync, readFileSync } from 'node:fs';

function familyOf(pid: number): number[] {
  const out = [pid];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // After "comm)": state, then the parent pid.
      if (Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]) === pid) out.push(Number(entry));
    } catch {
      // The process ended while the list was read.
    }
  }
  return out;
}

/** utime + stime of the process and its children, in milliseconds; NaN where /proc is missing. */
export function processTreeCpuMs(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  try {
    let ticks = 0;
    for (const p of familyOf(pid)) {
      try {
        const fields = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ');
        ticks += Number(fields[11]) + Number(fields[12]); // clock ticks, 100 per second
      } catch {
        // ended meanwhile
      }
    }
    return ticks * 10;
  } catch {
    return Number.NaN;
  }
}

/** Resident memory of the process and its children, in KB; NaN where /proc is missing. */
export function processTreeRssKb(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  try {
    return familyOf(pid).reduce((sum, p) => {
      try {
        return sum + Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
      } catch {
        return sum;
      }
    }, 0);
  } catch {
    return Number.NaN;
  }
}
