CREATE TABLE `search_gaps` (
	`day` text NOT NULL,
	`query` text NOT NULL,
	`tier` text NOT NULL,
	`count` integer DEFAULT 1 NOT NULL,
	PRIMARY KEY(`day`, `query`, `tier`)
);
--> statement-breakpoint
CREATE INDEX `search_gaps_day_idx` ON `search_gaps` (`day`);