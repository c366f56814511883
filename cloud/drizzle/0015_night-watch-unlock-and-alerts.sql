CREATE TABLE "staff_unlock_pins" (
	"staff_id" uuid PRIMARY KEY NOT NULL,
	"pin_hash" text NOT NULL,
	"set_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "night_watch_pool_settings" ADD COLUMN "alert_phone" text;--> statement-breakpoint
ALTER TABLE "staff_unlock_pins" ADD CONSTRAINT "staff_unlock_pins_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;