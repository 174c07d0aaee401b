-- What the dashboards' recent reads (kpi/reuse-recent-read.ts) come from: the tracking rollups and people's
-- sign-ins. The tracking writer already moves `tracking_batches` once per batch inside its transaction; this
-- epoch is moved by the other writers of those reads: a sign-in (this trigger), a click on a tracked mail link
-- (engage/record-click.ts) and the seeding scripts. So a manager's mark, an answer or a tick (the account state
-- epoch) no longer makes every process read all of tracking again.
INSERT INTO `app_meta` (`key`, `value`) VALUES ('activity_epoch', '0') ON CONFLICT (`key`) DO NOTHING;
--> statement-breakpoint
CREATE TRIGGER `users_sign_in_activity_epoch` AFTER UPDATE OF `last_sign_in_at` ON `users`
BEGIN
  UPDATE `app_meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'activity_epoch';
END;
