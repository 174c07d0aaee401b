import { describe, expect, it } from 'vitest';
import { workerHeapFlags } from '../../scripts/lib/supervisor.ts';
import { configSchema } from '../../src/schemas/config.ts';

// The server worker's heap growth (docs/operations.md, "Sizing"): by default it is kept near what the process
// uses, which is what held a 100M-event dashboard worker at 1.1 GB instead of 1.7 GB.
describe('the server worker heap setting', () => {
  it('fixes the growth factor by default and leaves V8 alone with SERVER_HEAP=node', () => {
    expect(workerHeapFlags(configSchema.parse({}))).toEqual(['--heap-growing-percent=50']);
    expect(workerHeapFlags(configSchema.parse({ SERVER_HEAP: 'node' }))).toEqual([]);
  });

  it('refuses a value it does not know, naming the setting', () => {
    const parsed = configSchema.safeParse({ SERVER_HEAP: 'tiny' });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.path).toEqual(['SERVER_HEAP']);
  });
});
