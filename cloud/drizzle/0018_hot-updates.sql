-- Room on each page for HOT updates (issue 14). A bulk push's acks update every kiosk's devices row
-- (config_version) and device_configs row (applied_at), and heartbeats and presence update devices rows all
-- day; none of these columns is indexed, but on a full page PostgreSQL must write the new row version to
-- another page and add it to every index (devices has four). EXPLAIN (ANALYZE, BUFFERS) of 2,000 config-ack
-- updates on a 10,000-kiosk bench database: devices 38 -> 20-24 ms, device_configs 16 -> 10 ms, HOT for ~96 %
-- of the rows instead of under 1 %. Applies to pages written from now on (no rewrite, no long lock): new
-- device_configs rows (one per push) at once, existing devices pages as their rows move.
ALTER TABLE "devices" SET (fillfactor = 80);--> statement-breakpoint
ALTER TABLE "device_configs" SET (fillfactor = 80);
