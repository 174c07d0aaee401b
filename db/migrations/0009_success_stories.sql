CREATE TABLE `success_stories` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text,
	`user_id` text,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`story` text NOT NULL,
	`results` text DEFAULT '[]' NOT NULL,
	`industry` text,
	`consent` integer NOT NULL,
	`status` text DEFAULT 'proposed' NOT NULL,
	`draft_file` text,
	`reviewed_by` text,
	`reviewed_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `success_stories_status` ON `success_stories` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `success_stories_account` ON `success_stories` (`account_id`);