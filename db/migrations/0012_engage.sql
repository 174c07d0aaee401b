CREATE TABLE `engage_alert_notices` (
	`alert_id` integer NOT NULL,
	`csm_user_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`digest_key` text,
	PRIMARY KEY(`alert_id`, `csm_user_id`)
);
--> statement-breakpoint
CREATE TABLE `engage_announcement_runs` (
	`announcement_key` text PRIMARY KEY NOT NULL,
	`processed_at` integer NOT NULL,
	`queued` integer NOT NULL,
	`digested` integer NOT NULL,
	`skipped` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `engage_clicks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` text NOT NULL,
	`account_id` text NOT NULL,
	`item_key` text NOT NULL,
	`source_kind` text NOT NULL,
	`source_key` text NOT NULL,
	`channel` text DEFAULT 'email' NOT NULL,
	`clicked_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `engage_clicks_source_idx` ON `engage_clicks` (`source_kind`,`source_key`);--> statement-breakpoint
CREATE INDEX `engage_clicks_item_idx` ON `engage_clicks` (`item_key`,`user_id`);--> statement-breakpoint
CREATE TABLE `engage_digest_items` (
	`user_id` text NOT NULL,
	`announcement_key` text NOT NULL,
	`added_at` integer NOT NULL,
	`digest_key` text,
	PRIMARY KEY(`user_id`, `announcement_key`)
);
--> statement-breakpoint
CREATE TABLE `engage_play_fires` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`play_key` text NOT NULL,
	`account_id` text NOT NULL,
	`fired_at` integer NOT NULL,
	`recipients` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `engage_play_fires_idx` ON `engage_play_fires` (`play_key`,`account_id`,`fired_at`);--> statement-breakpoint
CREATE TABLE `engage_play_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`play_key` text NOT NULL,
	`ran_at` integer NOT NULL,
	`outcome` text NOT NULL,
	`accounts` integer NOT NULL,
	`queued` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `engage_play_runs_play_idx` ON `engage_play_runs` (`play_key`,`ran_at`);--> statement-breakpoint
CREATE TABLE `engage_sends` (
	`idempotency_key` text PRIMARY KEY NOT NULL,
	`source_kind` text NOT NULL,
	`source_key` text NOT NULL,
	`user_id` text NOT NULL,
	`account_id` text NOT NULL,
	`item_keys` text DEFAULT '[]' NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `engage_sends_source_idx` ON `engage_sends` (`source_kind`,`source_key`);--> statement-breakpoint
CREATE INDEX `engage_sends_user_idx` ON `engage_sends` (`user_id`);--> statement-breakpoint
CREATE TABLE `mail_preferences` (
	`user_id` text PRIMARY KEY NOT NULL,
	`announcements` text DEFAULT 'immediate' NOT NULL,
	`nudges` integer DEFAULT true NOT NULL,
	`alerts` text DEFAULT 'immediate' NOT NULL,
	`updated_at` integer NOT NULL
);
