CREATE TABLE `survey_responses` (
	`survey_key` text NOT NULL,
	`round` integer NOT NULL,
	`user_id` text NOT NULL,
	`account_id` text,
	`answers` text DEFAULT '{}' NOT NULL,
	`nps` integer,
	`consent` integer DEFAULT false NOT NULL,
	`submitted_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`survey_key`, `round`, `user_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `survey_responses_account` ON `survey_responses` (`account_id`,`submitted_at`);