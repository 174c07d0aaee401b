import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { COLLECTIONS } from './schemas/index.ts';

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
