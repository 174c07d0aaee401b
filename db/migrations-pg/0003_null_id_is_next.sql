-- SQLite gives an INTEGER PRIMARY KEY the next rowid when a row is inserted with NULL there, and drizzle's
-- SQLite builder (which the app's queries are written in) writes NULL for a key the row leaves out. On
-- PostgreSQL an identity column would refuse that NULL: take the next value of its sequence instead.
CREATE FUNCTION jisou_null_id_is_next() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.id IS NULL THEN
    NEW.id := nextval(pg_get_serial_sequence(quote_ident(TG_TABLE_NAME), 'id'));
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_null_id BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION jisou_null_id_is_next();
--> statement-breakpoint
CREATE TRIGGER engage_clicks_null_id BEFORE INSERT ON engage_clicks FOR EACH ROW EXECUTE FUNCTION jisou_null_id_is_next();
--> statement-breakpoint
CREATE TRIGGER engage_play_runs_null_id BEFORE INSERT ON engage_play_runs FOR EACH ROW EXECUTE FUNCTION jisou_null_id_is_next();
--> statement-breakpoint
CREATE TRIGGER engage_play_fires_null_id BEFORE INSERT ON engage_play_fires FOR EACH ROW EXECUTE FUNCTION jisou_null_id_is_next();
--> statement-breakpoint
CREATE TRIGGER kpi_alerts_null_id BEFORE INSERT ON kpi_alerts FOR EACH ROW EXECUTE FUNCTION jisou_null_id_is_next();
--> statement-breakpoint
CREATE TRIGGER mail_outbox_null_id BEFORE INSERT ON mail_outbox FOR EACH ROW EXECUTE FUNCTION jisou_null_id_is_next();
--> statement-breakpoint
CREATE TRIGGER tracking_events_null_id BEFORE INSERT ON tracking_events FOR EACH ROW EXECUTE FUNCTION jisou_null_id_is_next();
