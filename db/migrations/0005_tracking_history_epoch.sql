-- The dashboards keep the daily rollup of closed days (before yesterday's UTC date) in memory, since
-- those days no longer change. Any write to such a day (a late batch, a seed, a repair) bumps this
-- epoch so every server process drops what it cached. Live writes to recent days cost one comparison.
INSERT INTO `app_meta` (`key`, `value`) VALUES ('tracking_history_epoch', '0') ON CONFLICT (`key`) DO NOTHING;
--> statement-breakpoint
CREATE TRIGGER `tracking_daily_history_insert` AFTER INSERT ON `tracking_daily`
WHEN new.`day` < date('now', '-1 day')
BEGIN
  UPDATE `app_meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'tracking_history_epoch';
END;
--> statement-breakpoint
CREATE TRIGGER `tracking_daily_history_update` AFTER UPDATE ON `tracking_daily`
WHEN old.`day` < date('now', '-1 day') OR new.`day` < date('now', '-1 day')
BEGIN
  UPDATE `app_meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'tracking_history_epoch';
END;
--> statement-breakpoint
CREATE TRIGGER `tracking_daily_history_delete` AFTER DELETE ON `tracking_daily`
WHEN old.`day` < date('now', '-1 day')
BEGIN
  UPDATE `app_meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'tracking_history_epoch';
END;
