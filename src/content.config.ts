import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import type { Loader } from 'astro/loaders';
import { COLLECTIONS } from './schemas/index.ts';

/**
 * Drafts stay in the data store only when the dev server runs (it has a file watcher). In `astro build`
 * they are removed right after loading, so no page, search index or KPI query of a production build can
 * reach a draft, whether it goes through the catalog or calls getCollection directly.
 */
const withoutDraftsOutsideDev = (loader: Loader): Loader => ({
  ...loader,
  name: `${loader.name}-without-drafts`,
  async load(context) {
    await loader.load(context);
    if (context.watcher) return;
    for (const [id, entry] of context.store.entries()) {
      if ((entry.data as { draft?: unknown }).draft === true) context.store.delete(id);
    }
  },
});

const fromFolder = <T extends keyof typeof COLLECTIONS>(type: T) =>
  defineCollection({
    loader: withoutDraftsOutsideDev(glob({ pattern: '**/*.mdx', base: `./content/${COLLECTIONS[type].folder}` })),
    schema: COLLECTIONS[type].schema,
  });

export const collections = {
  manuals: fromFolder('manual'),
  articles: fromFolder('article'),
  webinars: fromFolder('webinar'),
  caseStudies: fromFolder('case-study'),
  announcements: fromFolder('announcement'),
  roadmaps: fromFolder('roadmap'),
};
