-- Where accounts stand on their roadmaps is computed from roadmap choices, ticks (by people and the computed
-- ones) and event attendance, besides tracking: this epoch moves with every write to those tables, so the
-- account evaluation rebuilt after another kind of change (an answer, a mark, an account edit) keeps the
-- roadmap positions it computed (kpi roadmap positions are a third of that rebuild at 5,000 accounts).
INSERT INTO `app_meta` (`key`, `value`) VALUES ('roadmap_epoch', '0') ON CONFLICT (`key`) DO NOTHING;
--> statement-breakpoint
CREATE TRIGGER `account_roadmaps_roadmap_epoch_insert` AFTER INSERT ON `account_roadmaps`
BEGIN
  UPDATE `app_meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'roadmap_epoch';
END;
--> statement-breakpoint
CREATE TRIGGER `account_roadmaps_roadmap_epoch_update` AFTER UPDATE ON `account_roadmaps`
BEGIN
  UPDATE `app_meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'roadmap_epoch';
END;
--> statement-breakpoint
CREATE TRIGGER `account_roadmaps_roadmap_epoch_delete` AFTER DELETE ON `account_roadmaps`
BEGIN
  UPDATE `app_meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'roadmap_epoch';
END;
--> statement-breakpoint
CREATE TRIGGER `roadmap_progress_roadmap_epoch_insert` AFTER INSERT ON `roadmap_progress`
BEGIN
  UPDATE `app_meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'roadmap_epoch';
END;
--> statement-breakpoint
CREATE TRIGGER `roadmap_progress_roadmap_epoch_update` AFTER UPDATE ON `roadmap_progress`
BEGIN
  UPDATE `app_meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'roadmap_epoch';
END;
--> statement-breakpoint
CREATE TRIGGER `roadmap_progress_roadmap_epoch_delete` AFTER DELETE ON `roadmap_progress`
BEGIN
  UPDATE `app_meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'roadmap_epoch';
END;
--> statement-breakpoint
CREATE TRIGGER `event_attendance_roadmap_epoch_insert` AFTER INSERT ON `event_attendance`
BEGIN
  UPDATE `app_meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'roadmap_epoch';
END;
--> statement-breakpoint
CREATE TRIGGER `event_attendance_roadmap_epoch_update` AFTER UPDATE ON `event_attendance`
BEGIN
  UPDATE `app_meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'roadmap_epoch';
END;
--> statement-breakpoint
CREATE TRIGGER `event_attendance_roadmap_epoch_delete` AFTER DELETE ON `event_attendance`
BEGIN
  UPDATE `app_meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'roadmap_epoch';
END;
