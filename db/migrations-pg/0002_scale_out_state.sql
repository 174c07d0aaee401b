CREATE TABLE "tracking_client_budgets" (
	"key" text PRIMARY KEY NOT NULL,
	"tokens" double precision NOT NULL,
	"at" bigint NOT NULL,
	"full_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tracking_person_clocks" (
	"user_id" text PRIMARY KEY NOT NULL,
	"until" bigint NOT NULL,
	"view_id" text NOT NULL,
	"before" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "search_gap_clients" (
	"day" text NOT NULL,
	"client" text NOT NULL,
	"query_hash" bigint NOT NULL,
	CONSTRAINT "search_gap_clients_day_client_query_hash_pk" PRIMARY KEY("day","client","query_hash")
);
--> statement-breakpoint
CREATE INDEX "tracking_client_budgets_full_at" ON "tracking_client_budgets" USING btree ("full_at");--> statement-breakpoint
CREATE INDEX "tracking_person_clocks_until" ON "tracking_person_clocks" USING btree ("until");--> statement-breakpoint
-- Hand-written, the twins of db/migrations/0018_scale_out_state.sql's rows and trigger: the session epoch (every
-- deleted session moves it on, so the tracking ingest's viewer cache in every process drops ended sessions) and
-- the tracking batch turn (src/lib/server/tracking/reclamp-batch.ts).
INSERT INTO "app_meta" ("key", "value") VALUES ('session_epoch', '0'), ('tracking_batches', '0') ON CONFLICT ("key") DO NOTHING;
--> statement-breakpoint
CREATE TRIGGER "sessions_epoch_delete" AFTER DELETE ON "sessions"
FOR EACH ROW
EXECUTE FUNCTION "jisou_bump_epoch"('session_epoch');
