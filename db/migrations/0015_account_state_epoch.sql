-- What an account's stage, health score, roadmap position and alerts are computed from, besides the
-- tracking rollups: any write to these tables bumps this epoch, so every server process knows at once that
-- the account evaluation it reuses across dashboard requests is out of date (a manager's mark, a survey
-- answer or a roadmap tick shows on the next page load). Tracking writes do not bump it, nor do sign-ins
-- (every few seconds on a large portal, and only their day counts): those follow the rule of the tracking
-- reads, reused while nothing was written, else for at most 2 s.
INSERT INTO `app_meta` (`key`, `value`) VALUES ('account_state_epoch', '0') ON CONFLICT (`key`) DO NOTHING;
--> statement-breakpoint
CREATE TRIGGER `accounts_state_epoch_insert` AFTER INSERT ON `accounts`
BEGIN
  UPDATE `app_meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'account_state_epoch';
END;
--> statement-breakpoint
CREATE TRIGGER `accounts_state_epoch_update` AFTER UPDATE ON `accounts`
BEGIN
  UPDATE `app_meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'account_state_epoch';
END;
--> statement-breakpoint
CREATE TRIGGER `accounts_state_epoch_delete` AFTER DELETE ON `accounts`
BEGIN
  UPDATE `app_meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'account_state_epoch';
END;
--> statement-breakpoint
CREATE TRIGGER `users_state_epoch_insert` AFTER INSERT ON `users`
BEGIN
  UPDATE `app_meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'account_state_epoch';
END;
--> statement-breakpoint
CREATE TRIGGER `users_state_epoch_update` AFTER UPDATE OF `account_id`, `role`, `disabled_at`, `name` ON `users`
BEGIN
  UPDATE `app_meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'account_state_epoch';
END;
--> statement-breakpoint
CREATE TRIGGER `users_state_epoch_delete` AFTER DELETE ON `users`
BEGIN
  UPDATE `app_meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'account_state_epoch';
END;
--> statement-breakpoint
CREATE TRIGGER `survey_responses_state_epoch_insert` AFTER INSERT ON `survey_responses`
BEGIN
  UPDATE `app_meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'account_state_epoch';
END;
--> statement-breakpoint
CREATE TRIGGER `survey_responses_state_epoch_update` AFTER UPDATE ON `survey_responses`
BEGIN
  UPDATE `app_meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'account_state_epoch';
END;
--> statement-breakpoint
CREATE TRIGGER `survey_responses_state_epoch_delete` AFTER DELETE ON `survey_responses`
BEGIN
  UPDATE `app_meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'account_state_epoch';
END;
--> statement-breakpoint
CREATE TRIGGER `success_stories_state_epoch_insert` AFTER INSERT ON `success_stories`
BEGIN
  UPDATE `app_meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'account_state_epoch';
END;
--> statement-breakpoint
CREATE TRIGGER `success_stories_state_epoch_update` AFTER UPDATE ON `success_stories`
BEGIN
  UPDATE `app_meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'account_state_epoch';
END;
--> statement-breakpoint
CREATE TRIGGER `success_stories_state_epoch_delete` AFTER DELETE ON `success_stories`
BEGIN
  UPDATE `app_meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'account_state_epoch';
END;
--> statement-breakpoint
CREATE TRIGGER `account_success_marks_state_epoch_insert` AFTER INSERT ON `account_success_marks`
BEGIN
  UPDATE `app_meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'account_state_epoch';
END;
--> statement-breakpoint
CREATE TRIGGER `account_success_marks_state_epoch_update` AFTER UPDATE ON `account_success_marks`
BEGIN
  UPDATE `app_meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'account_state_epoch';
END;
--> statement-breakpoint
CREATE TRIGGER `account_success_marks_state_epoch_delete` AFTER DELETE ON `account_success_marks`
BEGIN
  UPDATE `app_meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'account_state_epoch';
END;
--> statement-breakpoint
CREATE TRIGGER `account_roadmaps_state_epoch_insert` AFTER INSERT ON `account_roadmaps`
BEGIN
  UPDATE `app_meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'account_state_epoch';
END;
--> statement-breakpoint
CREATE TRIGGER `account_roadmaps_state_epoch_update` AFTER UPDATE ON `account_roadmaps`
BEGIN
  UPDATE `app_meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'account_state_epoch';
END;
--> statement-breakpoint
CREATE TRIGGER `account_roadmaps_state_epoch_delete` AFTER DELETE ON `account_roadmaps`
BEGIN
  UPDATE `app_meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'account_state_epoch';
END;
--> statement-breakpoint
CREATE TRIGGER `roadmap_progress_state_epoch_insert` AFTER INSERT ON `roadmap_progress`
BEGIN
  UPDATE `app_meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'account_state_epoch';
END;
--> statement-breakpoint
CREATE TRIGGER `roadmap_progress_state_epoch_update` AFTER UPDATE ON `roadmap_progress`
BEGIN
  UPDATE `app_meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'account_state_epoch';
END;
--> statement-breakpoint
CREATE TRIGGER `roadmap_progress_state_epoch_delete` AFTER DELETE ON `roadmap_progress`
BEGIN
  UPDATE `app_meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'account_state_epoch';
END;
--> statement-breakpoint
CREATE TRIGGER `event_attendance_state_epoch_insert` AFTER INSERT ON `event_attendance`
BEGIN
  UPDATE `app_meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'account_state_epoch';
END;
--> statement-breakpoint
CREATE TRIGGER `event_attendance_state_epoch_update` AFTER UPDATE ON `event_attendance`
BEGIN
  UPDATE `app_meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'account_state_epoch';
END;
--> statement-breakpoint
CREATE TRIGGER `event_attendance_state_epoch_delete` AFTER DELETE ON `event_attendance`
BEGIN
  UPDATE `app_meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'account_state_epoch';
END;
