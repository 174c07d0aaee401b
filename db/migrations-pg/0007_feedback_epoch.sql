-- Hand-written: the PostgreSQL twin of db/migrations/0022_feedback_epoch.sql (page feedback answers).
INSERT INTO "app_meta" ("key", "value") VALUES ('feedback_epoch', '0') ON CONFLICT ("key") DO NOTHING;
--> statement-breakpoint
CREATE TRIGGER "item_feedback_epoch_insert" AFTER INSERT ON "item_feedback"
FOR EACH ROW
EXECUTE FUNCTION "jisou_bump_epoch"('feedback_epoch');
--> statement-breakpoint
CREATE TRIGGER "item_feedback_epoch_update" AFTER UPDATE ON "item_feedback"
FOR EACH ROW
EXECUTE FUNCTION "jisou_bump_epoch"('feedback_epoch');
--> statement-breakpoint
CREATE TRIGGER "item_feedback_epoch_delete" AFTER DELETE ON "item_feedback"
FOR EACH ROW
EXECUTE FUNCTION "jisou_bump_epoch"('feedback_epoch');
