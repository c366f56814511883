CREATE TABLE "device_uptime_samples" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"device_id" uuid NOT NULL,
	"citizen_id" uuid NOT NULL,
	"sampled_at" timestamp with time zone NOT NULL,
	"online" boolean NOT NULL
);
--> statement-breakpoint
ALTER TABLE "device_uptime_samples" ADD CONSTRAINT "device_uptime_samples_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_uptime_samples" ADD CONSTRAINT "device_uptime_samples_citizen_id_citizens_id_fk" FOREIGN KEY ("citizen_id") REFERENCES "public"."citizens"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "device_uptime_samples_at_idx" ON "device_uptime_samples" USING btree ("sampled_at");--> statement-breakpoint
CREATE INDEX "device_uptime_samples_citizen_idx" ON "device_uptime_samples" USING btree ("citizen_id","sampled_at");