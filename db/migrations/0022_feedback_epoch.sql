-- "Was this page helpful?" answers change far less often than tracking and apart from account state: their own
-- epoch lets the dashboards keep the answer counts per item (feedback page, the volume page's least helpful
-- items) until an answer is written, deleted or changed.
INSERT INTO `app_meta` (`key`, `value`) VALUES ('feedback_epoch', '0') ON CONFLICT (`key`) DO NOTHING;
--> statement-breakpoint
CREATE TRIGGER `item_feedback_epoch_insert` AFTER INSERT ON `item_feedback`
BEGIN
  UPDATE `app_meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'feedback_epoch';
END;
--> statement-breakpoint
CREATE TRIGGER `item_feedback_epoch_update` AFTER UPDATE ON `item_feedback`
BEGIN
  UPDATE `app_meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'feedback_epoch';
END;
--> statement-breakpoint
CREATE TRIGGER `item_feedback_epoch_delete` AFTER DELETE ON `item_feedback`
BEGIN
  UPDATE `app_meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'feedback_epoch';
END;
