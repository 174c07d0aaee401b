CREATE TABLE `tracking_account_awareness` (
	`account_id` text NOT NULL,
	`content_key` text NOT NULL,
	`first_impression_at` integer,
	`first_view_at` integer,
	`first_engaged_at` integer,
	PRIMARY KEY(`account_id`, `content_key`)
);
--> statement-breakpoint
CREATE TABLE `tracking_announcement_reach` (
	`announcement_key` text NOT NULL,
	`user_id` text NOT NULL,
	`account_id` text NOT NULL,
	`first_seen_at` integer NOT NULL,
	`opened_at` integer,
	PRIMARY KEY(`announcement_key`, `user_id`)
);
--> statement-breakpoint
CREATE INDEX `tracking_reach_account` ON `tracking_announcement_reach` (`announcement_key`,`account_id`);--> statement-breakpoint
CREATE TABLE `tracking_daily` (
	`day` text NOT NULL,
	`account_id` text NOT NULL,
	`user_id` text NOT NULL,
	`content_key` text NOT NULL,
	`active_ms` integer DEFAULT 0 NOT NULL,
	`video_ms` integer DEFAULT 0 NOT NULL,
	`views` integer DEFAULT 0 NOT NULL,
	`completions` integer DEFAULT 0 NOT NULL,
	`impressions` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`day`, `account_id`, `user_id`, `content_key`)
);
--> statement-breakpoint
CREATE INDEX `tracking_daily_content` ON `tracking_daily` (`content_key`,`day`);--> statement-breakpoint
CREATE INDEX `tracking_daily_account` ON `tracking_daily` (`account_id`,`day`);--> statement-breakpoint
CREATE TABLE `tracking_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`kind` text NOT NULL,
	`content_key` text NOT NULL,
	`view_id` text NOT NULL,
	`user_id` text NOT NULL,
	`account_id` text NOT NULL,
	`claimed_ms` integer DEFAULT 0 NOT NULL,
	`credit_ms` integer DEFAULT 0 NOT NULL,
	`data` text
);
--> statement-breakpoint
CREATE INDEX `tracking_events_at` ON `tracking_events` (`at`);--> statement-breakpoint
CREATE TABLE `tracking_progress` (
	`user_id` text NOT NULL,
	`content_key` text NOT NULL,
	`account_id` text NOT NULL,
	`active_ms` integer DEFAULT 0 NOT NULL,
	`video_ms` integer DEFAULT 0 NOT NULL,
	`position` real,
	`duration` real,
	`ranges` text,
	`covered_seconds` real DEFAULT 0 NOT NULL,
	`max_depth` integer DEFAULT 0 NOT NULL,
	`completed_at` integer,
	`first_impression_at` integer,
	`first_view_at` integer,
	`first_engaged_at` integer,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `content_key`)
);
--> statement-breakpoint
CREATE INDEX `tracking_progress_account` ON `tracking_progress` (`account_id`,`content_key`);--> statement-breakpoint
CREATE TABLE `tracking_views` (
	`view_id` text PRIMARY KEY NOT NULL,
	`content_key` text NOT NULL,
	`user_id` text NOT NULL,
	`account_id` text NOT NULL,
	`started_at` integer NOT NULL,
	`credited_until` integer NOT NULL,
	`video_until` integer NOT NULL,
	`active_ms` integer DEFAULT 0 NOT NULL,
	`max_depth` integer DEFAULT 0 NOT NULL,
	`completed` integer DEFAULT false NOT NULL,
	`last_at` integer NOT NULL
);
