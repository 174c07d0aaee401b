-- Hand-written: the PostgreSQL twins of the SQLite epoch triggers (db/migrations/0005_tracking_history_epoch.sql,
-- 0015_account_state_epoch.sql, 0017_voice_epoch.sql), same names, same tables, same firing rules, so every
-- process learns from app_meta that what it cached is out of date. One plpgsql function bumps the epoch named by
-- the trigger's argument. `npm run db:copy` sets jisou.copying = on for its own session: it writes app_meta
-- last, with the source's values, so per-row bumps while copying would only cost time.
INSERT INTO "app_meta" ("key", "value") VALUES ('tracking_history_epoch', '0'), ('account_state_epoch', '0'), ('voice_epoch', '0') ON CONFLICT ("key") DO NOTHING;
--> statement-breakpoint
CREATE FUNCTION "jisou_bump_epoch"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('jisou.copying', true) = 'on' THEN
    RETURN NULL;
  END IF;
  UPDATE "app_meta" SET "value" = (CAST("value" AS bigint) + 1)::text WHERE "key" = TG_ARGV[0];
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "tracking_daily_history_insert" AFTER INSERT ON "tracking_daily"
FOR EACH ROW
WHEN (NEW."day" COLLATE "C" < to_char((now() AT TIME ZONE 'UTC') - interval '1 day', 'YYYY-MM-DD') COLLATE "C")
EXECUTE FUNCTION "jisou_bump_epoch"('tracking_history_epoch');
--> statement-breakpoint
CREATE TRIGGER "tracking_daily_history_update" AFTER UPDATE ON "tracking_daily"
FOR EACH ROW
WHEN (OLD."day" COLLATE "C" < to_char((now() AT TIME ZONE 'UTC') - interval '1 day', 'YYYY-MM-DD') COLLATE "C" OR NEW."day" COLLATE "C" < to_char((now() AT TIME ZONE 'UTC') - interval '1 day', 'YYYY-MM-DD') COLLATE "C")
EXECUTE FUNCTION "jisou_bump_epoch"('tracking_history_epoch');
--> statement-breakpoint
CREATE TRIGGER "tracking_daily_history_delete" AFTER DELETE ON "tracking_daily"
FOR EACH ROW
WHEN (OLD."day" COLLATE "C" < to_char((now() AT TIME ZONE 'UTC') - interval '1 day', 'YYYY-MM-DD') COLLATE "C")
EXECUTE FUNCTION "jisou_bump_epoch"('tracking_history_epoch');
--> statement-breakpoint
CREATE TRIGGER "accounts_state_epoch_insert" AFTER INSERT ON "accounts"
FOR EACH ROW
EXECUTE FUNCTION "jisou_bump_epoch"('account_state_epoch');
--> statement-breakpoint
CREATE TRIGGER "accounts_state_epoch_update" AFTER UPDATE ON "accounts"
FOR EACH ROW
EXECUTE FUNCTION "jisou_bump_epoch"('account_state_epoch');
--> statement-breakpoint
CREATE TRIGGER "accounts_state_epoch_delete" AFTER DELETE ON "accounts"
FOR EACH ROW
EXECUTE FUNCTION "jisou_bump_epoch"('account_state_epoch');
--> statement-breakpoint
CREATE TRIGGER "users_state_epoch_insert" AFTER INSERT ON "users"
FOR EACH ROW
EXECUTE FUNCTION "jisou_bump_epoch"('account_state_epoch');
--> statement-breakpoint
CREATE TRIGGER "users_state_epoch_update" AFTER UPDATE OF "account_id", "role", "disabled_at", "name" ON "users"
FOR EACH ROW
EXECUTE FUNCTION "jisou_bump_epoch"('account_state_epoch');
--> statement-breakpoint
CREATE TRIGGER "users_state_epoch_delete" AFTER DELETE ON "users"
FOR EACH ROW
EXECUTE FUNCTION "jisou_bump_epoch"('account_state_epoch');
--> statement-breakpoint
CREATE TRIGGER "survey_responses_state_epoch_insert" AFTER INSERT ON "survey_responses"
FOR EACH ROW
EXECUTE FUNCTION "jisou_bump_epoch"('account_state_epoch');
--> statement-breakpoint
CREATE TRIGGER "survey_responses_state_epoch_update" AFTER UPDATE ON "survey_responses"
FOR EACH ROW
EXECUTE FUNCTION "jisou_bump_epoch"('account_state_epoch');
--> statement-breakpoint
CREATE TRIGGER "survey_responses_state_epoch_delete" AFTER DELETE ON "survey_responses"
FOR EACH ROW
EXECUTE FUNCTION "jisou_bump_epoch"('account_state_epoch');
--> statement-breakpoint
CREATE TRIGGER "success_stories_state_epoch_insert" AFTER INSERT ON "success_stories"
FOR EACH ROW
EXECUTE FUNCTION "jisou_bump_epoch"('account_state_epoch');
--> statement-breakpoint
CREATE TRIGGER "success_stories_state_epoch_update" AFTER UPDATE ON "success_stories"
FOR EACH ROW
EXECUTE FUNCTION "jisou_bump_epoch"('account_state_epoch');
--> statement-breakpoint
CREATE TRIGGER "success_stories_state_epoch_delete" AFTER DELETE ON "success_stories"
FOR EACH ROW
EXECUTE FUNCTION "jisou_bump_epoch"('account_state_epoch');
--> statement-breakpoint
CREATE TRIGGER "account_success_marks_state_epoch_insert" AFTER INSERT ON "account_success_marks"
FOR EACH ROW
EXECUTE FUNCTION "jisou_bump_epoch"('account_state_epoch');
--> statement-breakpoint
CREATE TRIGGER "account_success_marks_state_epoch_update" AFTER UPDATE ON "account_success_marks"
FOR EACH ROW
EXECUTE FUNCTION "jisou_bump_epoch"('account_state_epoch');
--> statement-breakpoint
CREATE TRIGGER "account_success_marks_state_epoch_delete" AFTER DELETE ON "account_success_marks"
FOR EACH ROW
EXECUTE FUNCTION "jisou_bump_epoch"('account_state_epoch');
--> statement-breakpoint
CREATE TRIGGER "account_roadmaps_state_epoch_insert" AFTER INSERT ON "account_roadmaps"
FOR EACH ROW
EXECUTE FUNCTION "jisou_bump_epoch"('account_state_epoch');
--> statement-breakpoint
CREATE TRIGGER "account_roadmaps_state_epoch_update" AFTER UPDATE ON "account_roadmaps"
FOR EACH ROW
EXECUTE FUNCTION "jisou_bump_epoch"('account_state_epoch');
--> statement-breakpoint
CREATE TRIGGER "account_roadmaps_state_epoch_delete" AFTER DELETE ON "account_roadmaps"
FOR EACH ROW
EXECUTE FUNCTION "jisou_bump_epoch"('account_state_epoch');
--> statement-breakpoint
CREATE TRIGGER "roadmap_progress_state_epoch_insert" AFTER INSERT ON "roadmap_progress"
FOR EACH ROW
EXECUTE FUNCTION "jisou_bump_epoch"('account_state_epoch');
--> statement-breakpoint
CREATE TRIGGER "roadmap_progress_state_epoch_update" AFTER UPDATE ON "roadmap_progress"
FOR EACH ROW
EXECUTE FUNCTION "jisou_bump_epoch"('account_state_epoch');
--> statement-breakpoint
CREATE TRIGGER "roadmap_progress_state_epoch_delete" AFTER DELETE ON "roadmap_progress"
FOR EACH ROW
EXECUTE FUNCTION "jisou_bump_epoch"('account_state_epoch');
--> statement-breakpoint
CREATE TRIGGER "event_attendance_state_epoch_insert" AFTER INSERT ON "event_attendance"
FOR EACH ROW
EXECUTE FUNCTION "jisou_bump_epoch"('account_state_epoch');
--> statement-breakpoint
CREATE TRIGGER "event_attendance_state_epoch_update" AFTER UPDATE ON "event_attendance"
FOR EACH ROW
EXECUTE FUNCTION "jisou_bump_epoch"('account_state_epoch');
--> statement-breakpoint
CREATE TRIGGER "event_attendance_state_epoch_delete" AFTER DELETE ON "event_attendance"
FOR EACH ROW
EXECUTE FUNCTION "jisou_bump_epoch"('account_state_epoch');
--> statement-breakpoint
CREATE TRIGGER "survey_responses_voice_epoch_insert" AFTER INSERT ON "survey_responses"
FOR EACH ROW
EXECUTE FUNCTION "jisou_bump_epoch"('voice_epoch');
--> statement-breakpoint
CREATE TRIGGER "survey_responses_voice_epoch_update" AFTER UPDATE ON "survey_responses"
FOR EACH ROW
EXECUTE FUNCTION "jisou_bump_epoch"('voice_epoch');
--> statement-breakpoint
CREATE TRIGGER "survey_responses_voice_epoch_delete" AFTER DELETE ON "survey_responses"
FOR EACH ROW
EXECUTE FUNCTION "jisou_bump_epoch"('voice_epoch');
--> statement-breakpoint
CREATE TRIGGER "success_stories_voice_epoch_insert" AFTER INSERT ON "success_stories"
FOR EACH ROW
EXECUTE FUNCTION "jisou_bump_epoch"('voice_epoch');
--> statement-breakpoint
CREATE TRIGGER "success_stories_voice_epoch_update" AFTER UPDATE ON "success_stories"
FOR EACH ROW
EXECUTE FUNCTION "jisou_bump_epoch"('voice_epoch');
--> statement-breakpoint
CREATE TRIGGER "success_stories_voice_epoch_delete" AFTER DELETE ON "success_stories"
FOR EACH ROW
EXECUTE FUNCTION "jisou_bump_epoch"('voice_epoch');
