-- The tracking batch that last wrote a progress or awareness row: the dashboards read only the rows written
-- since their last read (src/lib/server/kpi/changed-rows.ts) instead of millions of rows again under live ingest.
ALTER TABLE "tracking_account_awareness" ADD COLUMN "change_seq" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "tracking_progress" ADD COLUMN "change_seq" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "tracking_account_awareness_change_seq" ON "tracking_account_awareness" USING btree ("change_seq");--> statement-breakpoint
CREATE INDEX "tracking_progress_change_seq" ON "tracking_progress" USING btree ("change_seq");
