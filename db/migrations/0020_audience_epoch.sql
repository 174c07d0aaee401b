-- Who an account is and who is in it (accounts; people's account, role, name, being disabled) changes far less
-- often than what the account does (survey answers, ticks, marks, attendance: the account state epoch). The
-- dashboard figures that read only the former (awareness over all accounts, sign-in days, the account and
-- people lists) follow this epoch, so a tick or an answer no longer recomputes them. Same tables and firing
-- rules as the accounts and users triggers of 0015.
INSERT INTO `app_meta` (`key`, `value`) VALUES ('audience_epoch', '0') ON CONFLICT (`key`) DO NOTHING;
--> statement-breakpoint
CREATE TRIGGER `accounts_audience_epoch_insert` AFTER INSERT ON `accounts`
BEGIN
  UPDATE `app_meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'audience_epoch';
END;
--> statement-breakpoint
CREATE TRIGGER `accounts_audience_epoch_update` AFTER UPDATE ON `accounts`
BEGIN
  UPDATE `app_meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'audience_epoch';
END;
--> statement-breakpoint
CREATE TRIGGER `accounts_audience_epoch_delete` AFTER DELETE ON `accounts`
BEGIN
  UPDATE `app_meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'audience_epoch';
END;
--> statement-breakpoint
CREATE TRIGGER `users_audience_epoch_insert` AFTER INSERT ON `users`
BEGIN
  UPDATE `app_meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'audience_epoch';
END;
--> statement-breakpoint
CREATE TRIGGER `users_audience_epoch_update` AFTER UPDATE OF `account_id`, `role`, `disabled_at`, `name` ON `users`
BEGIN
  UPDATE `app_meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'audience_epoch';
END;
--> statement-breakpoint
CREATE TRIGGER `users_audience_epoch_delete` AFTER DELETE ON `users`
BEGIN
  UPDATE `app_meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'audience_epoch';
END;
