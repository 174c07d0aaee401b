CREATE TABLE `account_success_marks` (
	`account_id` text PRIMARY KEY NOT NULL,
	`reason` text NOT NULL,
	`marked_by` text,
	`marked_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
