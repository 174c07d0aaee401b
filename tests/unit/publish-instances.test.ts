import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/schemas/config.ts';
import { instanceControlSockets } from '../../scripts/lib/supervisor.ts';

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('publish switches every instance of the checkout', () => {
  it('lists this port\u2019s control socket first, then the other instances\u2019, and nothing else', () => {
    root = mkdtempSync(join(tmpdir(), 'jisou-instances-'));
    const config = { JISOU_RELEASES_DIR: 'releases', PORT: 4322 } as Config;
    // No releases folder yet (first deployment): only our own socket's path.
    expect(instanceControlSockets(root, config)).toEqual([join(root, 'releases/control-4322.sock')]);
    mkdirSync(join(root, 'releases'));
    for (const f of ['control-4321.sock', 'control-4322.sock', 'control-4323.sock', 'live.json', 'control-x.sock']) writeFileSync(join(root, 'releases', f), '');
    expect(instanceControlSockets(root, config)).toEqual(['control-4322.sock', 'control-4321.sock', 'control-4323.sock'].map((f) => join(root, 'releases', f)));
  });
});
