import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { COLLECTIONS } from './schemas/index.ts';

// Drafts are built like every other item: staff preview them on the live portal. Who may reach one is
// decided per request (src/lib/content/visibility.ts, catalog.ts); search indexes never hold one.
const fromFolder = <T extends keyof typeof COLLECTIONS>(type: T) =>
  defineCollection({
    loader: glob({ pattern: '**/*.mdx', base: `./content/${COLLECTIONS[type].folder}` }),
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
