-- What accounts told the vendor (survey answers, success stories) changes far less often than tracking: its
-- own epoch lets the account evaluation keep the per-account survey figures while only tracking moved.
INSERT INTO `app_meta` (`key`, `value`) VALUES ('voice_epoch', '0') ON CONFLICT (`key`) DO NOTHING;
--> statement-breakpoint
CREATE TRIGGER `survey_responses_voice_epoch_insert` AFTER INSERT ON `survey_responses`
BEGIN
  UPDATE `app_meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'voice_epoch';
END;
--> statement-breakpoint
CREATE TRIGGER `survey_responses_voice_epoch_update` AFTER UPDATE ON `survey_responses`
BEGIN
  UPDATE `app_meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'voice_epoch';
END;
--> statement-breakpoint
CREATE TRIGGER `survey_responses_voice_epoch_delete` AFTER DELETE ON `survey_responses`
BEGIN
  UPDATE `app_meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'voice_epoch';
END;
--> statement-breakpoint
CREATE TRIGGER `success_stories_voice_epoch_insert` AFTER INSERT ON `success_stories`
BEGIN
  UPDATE `app_meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'voice_epoch';
END;
--> statement-breakpoint
CREATE TRIGGER `success_stories_voice_epoch_update` AFTER UPDATE ON `success_stories`
BEGIN
  UPDATE `app_meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'voice_epoch';
END;
--> statement-breakpoint
CREATE TRIGGER `success_stories_voice_epoch_delete` AFTER DELETE ON `success_stories`
BEGIN
  UPDATE `app_meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'voice_epoch';
END;
