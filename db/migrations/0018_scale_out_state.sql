CREATE TABLE `tracking_client_budgets` (
	`key` text PRIMARY KEY NOT NULL,
	`tokens` real NOT NULL,
	`at` integer NOT NULL,
	`full_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `tracking_client_budgets_full_at` ON `tracking_client_budgets` (`full_at`);--> statement-breakpoint
CREATE TABLE `tracking_person_clocks` (
	`user_id` text PRIMARY KEY NOT NULL,
	`until` integer NOT NULL,
	`view_id` text NOT NULL,
	`before` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `tracking_person_clocks_until` ON `tracking_person_clocks` (`until`);--> statement-breakpoint
CREATE TABLE `search_gap_clients` (
	`day` text NOT NULL,
	`client` text NOT NULL,
	`query_hash` integer NOT NULL,
	PRIMARY KEY(`day`, `client`, `query_hash`)
);
--> statement-breakpoint
-- Sessions ended anywhere (sign-out, a person disabled, expiry pruning, a CLI, another app instance) bump
-- this epoch, so caches of who is behind a cookie (the tracking ingest's) in every process drop their
-- entries on the next request instead of crediting an ended session until they expire.
INSERT INTO `app_meta` (`key`, `value`) VALUES ('session_epoch', '0') ON CONFLICT (`key`) DO NOTHING;
--> statement-breakpoint
CREATE TRIGGER `sessions_epoch_delete` AFTER DELETE ON `sessions`
BEGIN
  UPDATE `app_meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'session_epoch';
END;
--> statement-breakpoint
-- Moved on by one in every tracking batch's transaction: a writer that finds it one past its own last batch
-- knows no other writer changed the clamp cursors since (src/lib/server/tracking/reclamp-batch.ts).
INSERT INTO `app_meta` (`key`, `value`) VALUES ('tracking_batches', '0') ON CONFLICT (`key`) DO NOTHING;
