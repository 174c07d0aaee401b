-- Hand-written: the PostgreSQL twin of db/migrations/0020_audience_epoch.sql (accounts and the people in them,
-- apart from what accounts do: the epoch the audience-only dashboard figures follow).
INSERT INTO "app_meta" ("key", "value") VALUES ('audience_epoch', '0') ON CONFLICT ("key") DO NOTHING;
--> statement-breakpoint
CREATE TRIGGER "accounts_audience_epoch_insert" AFTER INSERT ON "accounts"
FOR EACH ROW
EXECUTE FUNCTION "jisou_bump_epoch"('audience_epoch');
--> statement-breakpoint
CREATE TRIGGER "accounts_audience_epoch_update" AFTER UPDATE ON "accounts"
FOR EACH ROW
EXECUTE FUNCTION "jisou_bump_epoch"('audience_epoch');
--> statement-breakpoint
CREATE TRIGGER "accounts_audience_epoch_delete" AFTER DELETE ON "accounts"
FOR EACH ROW
EXECUTE FUNCTION "jisou_bump_epoch"('audience_epoch');
--> statement-breakpoint
CREATE TRIGGER "users_audience_epoch_insert" AFTER INSERT ON "users"
FOR EACH ROW
EXECUTE FUNCTION "jisou_bump_epoch"('audience_epoch');
--> statement-breakpoint
CREATE TRIGGER "users_audience_epoch_update" AFTER UPDATE OF "account_id", "role", "disabled_at", "name" ON "users"
FOR EACH ROW
EXECUTE FUNCTION "jisou_bump_epoch"('audience_epoch');
--> statement-breakpoint
CREATE TRIGGER "users_audience_epoch_delete" AFTER DELETE ON "users"
FOR EACH ROW
EXECUTE FUNCTION "jisou_bump_epoch"('audience_epoch');
