/** Watched ranges of a video, [start, end] in seconds, sorted and non-overlapping. */
export type Ranges = [number, number][];

/** Union of two range lists (touching or overlapping ranges are joined). */
export function mergeRanges(a: Ranges, b: Ranges): Ranges {
  const all = [...a, ...b].filter(([s, e]) => e > s).sort((x, y) => x[0] - y[0]);
  const out: Ranges = [];
  for (const [s, e] of all) {
    const last = out[out.length - 1];
    if (last && s <= last[1] + 0.5) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

export function coveredSeconds(r: Ranges): number {
  return r.reduce((sum, [s, e]) => sum + (e - s), 0);
}

/** Clip ranges into [0, duration]. */
export function clipRanges(r: Ranges, duration: number): Ranges {
  return r.map(([s, e]): [number, number] => [Math.max(0, Math.min(s, duration)), Math.max(0, Math.min(e, duration))]).filter(([s, e]) => e > s);
}

export function parseRanges(json: string | null | undefined): Ranges {
  if (!json) return [];
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? (v.filter((x) => Array.isArray(x) && x.length === 2) as Ranges) : [];
  } catch {
    return [];
  }
}

/** Round to tenths so stored JSON stays short. */
export function roundRanges(r: Ranges): Ranges {
  return r.map(([s, e]) => [Math.round(s * 10) / 10, Math.round(e * 10) / 10]);
}
