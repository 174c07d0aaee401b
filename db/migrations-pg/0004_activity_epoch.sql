-- Hand-written: the PostgreSQL twin of db/migrations/0019_activity_epoch.sql (the epoch the recent dashboard
-- reads follow besides `tracking_batches`; a sign-in moves it).
INSERT INTO "app_meta" ("key", "value") VALUES ('activity_epoch', '0') ON CONFLICT ("key") DO NOTHING;
--> statement-breakpoint
CREATE TRIGGER "users_sign_in_activity_epoch" AFTER UPDATE OF "last_sign_in_at" ON "users"
FOR EACH ROW
EXECUTE FUNCTION "jisou_bump_epoch"('activity_epoch');
