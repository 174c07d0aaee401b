// `npm run bench:build`: build N generated MDX pages with Jisou's configuration and with a plain Astro
// project (same pages, same Astro/MDX/adapter, no Jisou code) in the same run, and print the ratio.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const pages = Number(process.env.BENCH_PAGES ?? 1000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 1);
const work = mkdtempSync(join(tmpdir(), 'jisou-bench-build-'));

const paragraph = (i: number) =>
  `導入第${i}章では、共有受信箱の設定と自動振り分けルールを順に確認します。担当者の割り当てを決め、SLA の目標時間を設定したら、テスト用の問い合わせを送って動作を確かめましょう。`;

// Imported-style pages (what `npm run import` writes from a Starlight or Docusaurus site): Callouts with
// formatted titles, Steps, Tabs, a FileTree, titled code blocks with marked lines, long identifiers.
function page(i: number): string {
  return `---
key: bench-page-${i}
title: ベンチマーク用マニュアル ${i}
description: ビルド時間を測るための生成ページ ${i}
series: bench-series-${Math.floor(i / 10)}
order: ${(i % 10) + 1}
publishedAt: 2026-01-01
---
## 概要 ${i}

${paragraph(i)} 設定は \`src/lib/server/kpi/getAccountViewingTimeBySegment${i}.ts\` にあります。

<Callout type="warning" title="管理者の **権限** が必要です">
${paragraph(i + 2)}
</Callout>

## 手順

<Steps>

1. 設定画面を開きます。
2. ${paragraph(i + 1)}

   \`\`\`bash title="terminal" {2}
   npm install example-cli
   example login --token $TOKEN
   \`\`\`

3. 保存して完了です。

</Steps>

## インストール

<Tabs>
  <Tab label="npm">

\`\`\`sh
npm install example-${i}
\`\`\`

  </Tab>
  <Tab label="pnpm">

\`\`\`sh
pnpm add example-${i}
\`\`\`

  </Tab>
</Tabs>

<FileTree>
- src/
  - config.ts
  - index.ts
- package.json
</FileTree>

\`\`\`ts title="src/step-${i}.ts" {1}
const step = ${i};
\`\`\`
`;
}

function writePages(dir: string) {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < pages; i++) writeFileSync(join(dir, `page-${i}.mdx`), page(i));
}

function linkModules(dir: string) {
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
}

function prepareJisou(): string {
  const dir = join(work, 'jisou');
  mkdirSync(dir);
  for (const f of ['src', 'db', 'astro.config.mjs', 'tsconfig.json', 'package.json']) cpSync(join(root, f), join(dir, f), { recursive: true });
  writePages(join(dir, 'content/manuals/ja'));
  linkModules(dir);
  return dir;
}

function preparePlain(): string {
  const dir = join(work, 'plain');
  mkdirSync(join(dir, 'src/pages/manuals'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'plain', type: 'module', private: true }));
  writeFileSync(
    join(dir, 'astro.config.mjs'),
    `import { defineConfig } from 'astro/config';\nimport mdx from '@astrojs/mdx';\nimport node from '@astrojs/node';\nexport default defineConfig({ output: 'server', adapter: node({ mode: 'standalone' }), integrations: [mdx()] });\n`,
  );
  writeFileSync(
    join(dir, 'src/content.config.ts'),
    `import { defineCollection } from 'astro:content';\nimport { glob } from 'astro/loaders';\nimport { z } from 'astro/zod';\nexport const collections = { manuals: defineCollection({ loader: glob({ pattern: '**/*.mdx', base: './content/manuals' }), schema: z.object({ key: z.string(), title: z.string(), description: z.string(), series: z.string(), order: z.number(), publishedAt: z.coerce.date() }) }) };\n`,
  );
  writeFileSync(
    join(dir, 'src/pages/manuals/[key].astro'),
    `---\nimport { getCollection, render } from 'astro:content';\nconst entry = (await getCollection('manuals')).find((e) => e.data.key === Astro.params.key);\nif (!entry) return new Response(null, { status: 404 });\nconst { Content } = await render(entry);\n---\n<html lang="ja"><body><h1>{entry.data.title}</h1><Content /></body></html>\n`,
  );
  writePages(join(dir, 'content/manuals/ja'));
  linkModules(dir);
  return dir;
}

function timeBuild(label: string, dir: string): number {
  rmSync(join(dir, 'dist'), { recursive: true, force: true });
  rmSync(join(dir, '.astro'), { recursive: true, force: true });
  process.stdout.write(`  building ${label} (${pages} pages)… `);
  const started = performance.now();
  const r = spawnSync(process.execPath, [join(root, 'node_modules/astro/bin/astro.mjs'), 'build'], {
    cwd: dir,
    encoding: 'utf8',
    // Astro prints a warning per MDX page; 1,000 pages overflow spawnSync's default 1 MB buffer.
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
  });
  const seconds = (performance.now() - started) / 1000;
  if (r.status !== 0) {
    console.error(`\n${label} build failed (${r.error?.message ?? `exit ${r.status}`}):\n${r.stdout.slice(-4000)}\n${r.stderr.slice(-4000)}`);
    process.exit(1);
  }
  console.log(`${seconds.toFixed(1)} s`);
  return seconds;
}

console.log(`bench:build — ${pages} generated MDX pages, ${rounds} round(s), work dir ${work}`);
const jisouDir = prepareJisou();
const plainDir = preparePlain();
const results = { jisou: [] as number[], plain: [] as number[] };
for (let r = 0; r < rounds; r++) {
  // Alternate the order so a warm disk cache does not favour one side.
  if (r % 2 === 0) {
    results.plain.push(timeBuild('plain Astro', plainDir));
    results.jisou.push(timeBuild('Jisou', jisouDir));
  } else {
    results.jisou.push(timeBuild('Jisou', jisouDir));
    results.plain.push(timeBuild('plain Astro', plainDir));
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const jisou = median(results.jisou);
const plain = median(results.plain);
const ratio = jisou / plain;
console.log(`\nplain Astro build: ${plain.toFixed(1)} s`);
console.log(`Jisou build:       ${jisou.toFixed(1)} s`);
console.log(`ratio:             ${ratio.toFixed(2)}× (target ≤ 1.30×) ${ratio <= 1.3 ? 'OK' : 'OVER TARGET'}`);
rmSync(work, { recursive: true, force: true });
process.exit(ratio <= 1.3 ? 0 : 1);
