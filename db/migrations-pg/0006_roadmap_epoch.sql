-- Hand-written: the PostgreSQL twin of db/migrations/0021_roadmap_epoch.sql (roadmap choices, ticks and
-- attendance: the epoch the account evaluation's roadmap positions follow).
INSERT INTO "app_meta" ("key", "value") VALUES ('roadmap_epoch', '0') ON CONFLICT ("key") DO NOTHING;
--> statement-breakpoint
CREATE TRIGGER "account_roadmaps_roadmap_epoch_insert" AFTER INSERT ON "account_roadmaps"
FOR EACH ROW
EXECUTE FUNCTION "jisou_bump_epoch"('roadmap_epoch');
--> statement-breakpoint
CREATE TRIGGER "account_roadmaps_roadmap_epoch_update" AFTER UPDATE ON "account_roadmaps"
FOR EACH ROW
EXECUTE FUNCTION "jisou_bump_epoch"('roadmap_epoch');
--> statement-breakpoint
CREATE TRIGGER "account_roadmaps_roadmap_epoch_delete" AFTER DELETE ON "account_roadmaps"
FOR EACH ROW
EXECUTE FUNCTION "jisou_bump_epoch"('roadmap_epoch');
--> statement-breakpoint
CREATE TRIGGER "roadmap_progress_roadmap_epoch_insert" AFTER INSERT ON "roadmap_progress"
FOR EACH ROW
EXECUTE FUNCTION "jisou_bump_epoch"('roadmap_epoch');
--> statement-breakpoint
CREATE TRIGGER "roadmap_progress_roadmap_epoch_update" AFTER UPDATE ON "roadmap_progress"
FOR EACH ROW
EXECUTE FUNCTION "jisou_bump_epoch"('roadmap_epoch');
--> statement-breakpoint
CREATE TRIGGER "roadmap_progress_roadmap_epoch_delete" AFTER DELETE ON "roadmap_progress"
FOR EACH ROW
EXECUTE FUNCTION "jisou_bump_epoch"('roadmap_epoch');
--> statement-breakpoint
CREATE TRIGGER "event_attendance_roadmap_epoch_insert" AFTER INSERT ON "event_attendance"
FOR EACH ROW
EXECUTE FUNCTION "jisou_bump_epoch"('roadmap_epoch');
--> statement-breakpoint
CREATE TRIGGER "event_attendance_roadmap_epoch_update" AFTER UPDATE ON "event_attendance"
FOR EACH ROW
EXECUTE FUNCTION "jisou_bump_epoch"('roadmap_epoch');
--> statement-breakpoint
CREATE TRIGGER "event_attendance_roadmap_epoch_delete" AFTER DELETE ON "event_attendance"
FOR EACH ROW
EXECUTE FUNCTION "jisou_bump_epoch"('roadmap_epoch');
