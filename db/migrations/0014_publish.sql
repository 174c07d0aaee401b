CREATE TABLE `publish_deliveries` (
	`forge` text NOT NULL,
	`delivery_id` text NOT NULL,
	`received_at` integer NOT NULL,
	PRIMARY KEY(`forge`, `delivery_id`)
);
--> statement-breakpoint
CREATE TABLE `publish_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`trigger` text NOT NULL,
	`requested_by` text,
	`commit` text,
	`commit_author` text,
	`commit_subject` text,
	`result` text NOT NULL,
	`failed_step` text,
	`report` text,
	`release_id` text,
	`steps` text,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`duration_ms` integer
);
--> statement-breakpoint
CREATE INDEX `publish_runs_started` ON `publish_runs` (`started_at`);