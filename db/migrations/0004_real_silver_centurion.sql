CREATE TABLE `kpi_alerts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` text NOT NULL,
	`kind` text NOT NULL,
	`started_at` integer NOT NULL,
	`ended_at` integer,
	`params` text DEFAULT '{}' NOT NULL,
	`webhook_state` text DEFAULT 'off' NOT NULL,
	`webhook_attempts` integer DEFAULT 0 NOT NULL,
	`webhook_error` text
);
--> statement-breakpoint
CREATE INDEX `kpi_alerts_open` ON `kpi_alerts` (`account_id`,`kind`,`ended_at`);--> statement-breakpoint
CREATE TABLE `kpi_api_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `kpi_api_tokens_token_hash_unique` ON `kpi_api_tokens` (`token_hash`);