-- The tracking batch that last wrote a progress or awareness row: the dashboards read only the rows written
-- since their last read (src/lib/server/kpi/changed-rows.ts) instead of millions of rows again under live ingest.
ALTER TABLE `tracking_account_awareness` ADD `change_seq` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `tracking_account_awareness_change_seq` ON `tracking_account_awareness` (`change_seq`);--> statement-breakpoint
ALTER TABLE `tracking_progress` ADD `change_seq` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `tracking_progress_change_seq` ON `tracking_progress` (`change_seq`);
