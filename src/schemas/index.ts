import type { ContentType } from './common.ts';
import { manualSchema } from './manual.ts';
import { articleSchema } from './article.ts';
import { webinarSchema } from './webinar.ts';
import { caseStudySchema } from './case-study.ts';
import { announcementSchema } from './announcement.ts';
import { roadmapSchema } from './roadmap.ts';

export * from './common.ts';

/** Content collections: folder under `content/` and the schema of each type. */
export const COLLECTIONS = {
  manual: { folder: 'manuals', schema: manualSchema },
  article: { folder: 'articles', schema: articleSchema },
  webinar: { folder: 'webinars', schema: webinarSchema },
  'case-study': { folder: 'case-studies', schema: caseStudySchema },
  announcement: { folder: 'announcements', schema: announcementSchema },
  roadmap: { folder: 'roadmaps', schema: roadmapSchema },
} as const satisfies Record<ContentType, { folder: string; schema: unknown }>;
