CREATE TABLE `account_roadmaps` (
	`account_id` text PRIMARY KEY NOT NULL,
	`roadmap_key` text NOT NULL,
	`set_by` text,
	`set_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `roadmap_progress` (
	`account_id` text NOT NULL,
	`roadmap_key` text NOT NULL,
	`action_id` text NOT NULL,
	`how` text NOT NULL,
	`done_at` integer NOT NULL,
	`done_by` text,
	`note` text,
	PRIMARY KEY(`account_id`, `roadmap_key`, `action_id`),
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `roadmap_progress_roadmap` ON `roadmap_progress` (`roadmap_key`,`action_id`);--> statement-breakpoint
CREATE TABLE `event_attendance` (
	`event_key` text NOT NULL,
	`user_id` text NOT NULL,
	`account_id` text NOT NULL,
	`via` text NOT NULL,
	`marked_by` text,
	`marked_at` integer NOT NULL,
	PRIMARY KEY(`event_key`, `user_id`)
);
--> statement-breakpoint
CREATE INDEX `event_attendance_account` ON `event_attendance` (`account_id`);--> statement-breakpoint
CREATE TABLE `event_registrations` (
	`event_key` text NOT NULL,
	`user_id` text NOT NULL,
	`account_id` text NOT NULL,
	`status` text NOT NULL,
	`registered_at` integer NOT NULL,
	`cancelled_at` integer,
	PRIMARY KEY(`event_key`, `user_id`)
);
--> statement-breakpoint
CREATE INDEX `event_registrations_account` ON `event_registrations` (`account_id`);