CREATE TABLE `event_recordings` (
	`event_key` text PRIMARY KEY NOT NULL,
	`webinar_key` text NOT NULL,
	`attached_by` text NOT NULL,
	`attached_at` integer NOT NULL
);
