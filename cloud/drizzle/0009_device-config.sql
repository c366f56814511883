CREATE TYPE "public"."wipe_settlement" AS ENUM('ack', 'refusal');--> statement-breakpoint
CREATE TABLE "device_configs" (
	"device_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"config" jsonb NOT NULL,
	"command_id" uuid NOT NULL,
	"created_by_staff_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"applied_at" timestamp with time zone,
	CONSTRAINT "device_configs_device_id_version_pk" PRIMARY KEY("device_id","version")
);
--> statement-breakpoint
CREATE TABLE "device_health" (
	"device_id" uuid PRIMARY KEY NOT NULL,
	"uptime_s" integer NOT NULL,
	"rtt_ms" double precision,
	"temperature_c" double precision,
	"reported_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "device_wipes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"device_id" uuid NOT NULL,
	"then_lifecycle" "device_lifecycle" NOT NULL,
	"requested_by_staff_id" uuid,
	"requested_at" timestamp with time zone NOT NULL,
	"settled_at" timestamp with time zone,
	"settled_by" "wipe_settlement"
);
--> statement-breakpoint
ALTER TABLE "device_configs" ADD CONSTRAINT "device_configs_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_health" ADD CONSTRAINT "device_health_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_wipes" ADD CONSTRAINT "device_wipes_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "device_wipes_device_idx" ON "device_wipes" USING btree ("device_id");