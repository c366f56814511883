CREATE TYPE "public"."audit_actor_kind" AS ENUM('staff', 'citizen', 'device', 'system', 'scim');--> statement-breakpoint
CREATE TYPE "public"."command_ack_status" AS ENUM('applied', 'rejected', 'failed');--> statement-breakpoint
CREATE TYPE "public"."device_lifecycle" AS ENUM('registered', 'enrolled', 'lent', 'wiping', 'retired');--> statement-breakpoint
CREATE TYPE "public"."staff_role" AS ENUM('staff', 'unit_manager', 'support', 'vendor_support', 'system_admin');--> statement-breakpoint
CREATE TYPE "public"."unit_kind" AS ENUM('home_care_team', 'home_guidance', 'facility', 'night_watch_pool', 'support');--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"municipality_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_kind" "audit_actor_kind" NOT NULL,
	"actor_id" uuid,
	"action" text NOT NULL,
	"target_kind" text,
	"target_id" text,
	"ip" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "citizen_enrolments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"citizen_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"guide_staff_id" uuid,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "citizens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"display_name" text NOT NULL,
	"initials" text,
	"photo_ref" text,
	"disabled_at" timestamp with time zone,
	"last_login_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "device_commands" (
	"id" uuid PRIMARY KEY NOT NULL,
	"seq" bigserial NOT NULL,
	"device_id" uuid NOT NULL,
	"type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"acked_at" timestamp with time zone,
	"ack_status" "command_ack_status",
	"ack_reason" text
);
--> statement-breakpoint
CREATE TABLE "devices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"label" text NOT NULL,
	"hardware_id" text,
	"lifecycle" "device_lifecycle" DEFAULT 'registered' NOT NULL,
	"citizen_id" uuid,
	"enrolment_code_hash" text,
	"enrolment_expires_at" timestamp with time zone,
	"credential_hash" text,
	"credential_revoked_at" timestamp with time zone,
	"online" boolean DEFAULT false NOT NULL,
	"last_seen_at" timestamp with time zone,
	"state" text,
	"engine" text,
	"software" text,
	"config_version" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "municipalities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"time_zone" text DEFAULT 'Europe/Copenhagen' NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "staff" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"role" "staff_role" DEFAULT 'staff' NOT NULL,
	"password_hash" text,
	"password_changed_at" timestamp with time zone,
	"disabled_at" timestamp with time zone,
	"last_login_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "unit_memberships" (
	"staff_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"since" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "unit_memberships_staff_id_unit_id_pk" PRIMARY KEY("staff_id","unit_id")
);
--> statement-breakpoint
CREATE TABLE "pool_coverage" (
	"pool_unit_id" uuid NOT NULL,
	"facility_unit_id" uuid NOT NULL,
	CONSTRAINT "pool_coverage_pool_unit_id_facility_unit_id_pk" PRIMARY KEY("pool_unit_id","facility_unit_id")
);
--> statement-breakpoint
CREATE TABLE "units" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"kind" "unit_kind" NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "citizen_enrolments" ADD CONSTRAINT "citizen_enrolments_citizen_id_citizens_id_fk" FOREIGN KEY ("citizen_id") REFERENCES "public"."citizens"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "citizen_enrolments" ADD CONSTRAINT "citizen_enrolments_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "citizen_enrolments" ADD CONSTRAINT "citizen_enrolments_guide_staff_id_staff_id_fk" FOREIGN KEY ("guide_staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "citizens" ADD CONSTRAINT "citizens_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_commands" ADD CONSTRAINT "device_commands_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_citizen_id_citizens_id_fk" FOREIGN KEY ("citizen_id") REFERENCES "public"."citizens"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff" ADD CONSTRAINT "staff_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_memberships" ADD CONSTRAINT "unit_memberships_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_memberships" ADD CONSTRAINT "unit_memberships_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pool_coverage" ADD CONSTRAINT "pool_coverage_pool_unit_id_units_id_fk" FOREIGN KEY ("pool_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pool_coverage" ADD CONSTRAINT "pool_coverage_facility_unit_id_units_id_fk" FOREIGN KEY ("facility_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "units" ADD CONSTRAINT "units_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_municipality_idx" ON "audit_log" USING btree ("municipality_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "citizen_enrolments_open_uq" ON "citizen_enrolments" USING btree ("citizen_id","unit_id") WHERE "citizen_enrolments"."ended_at" is null;--> statement-breakpoint
CREATE INDEX "citizen_enrolments_unit_idx" ON "citizen_enrolments" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "citizen_enrolments_guide_idx" ON "citizen_enrolments" USING btree ("guide_staff_id");--> statement-breakpoint
CREATE INDEX "citizens_municipality_idx" ON "citizens" USING btree ("municipality_id");--> statement-breakpoint
CREATE INDEX "device_commands_pending_idx" ON "device_commands" USING btree ("device_id","seq") WHERE "device_commands"."acked_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "devices_municipality_label_uq" ON "devices" USING btree ("municipality_id","label");--> statement-breakpoint
CREATE UNIQUE INDEX "devices_enrolment_code_hash_uq" ON "devices" USING btree ("enrolment_code_hash");--> statement-breakpoint
CREATE INDEX "devices_citizen_idx" ON "devices" USING btree ("citizen_id");--> statement-breakpoint
CREATE UNIQUE INDEX "staff_municipality_username_uq" ON "staff" USING btree ("municipality_id","username");--> statement-breakpoint
CREATE INDEX "unit_memberships_unit_idx" ON "unit_memberships" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "pool_coverage_facility_idx" ON "pool_coverage" USING btree ("facility_unit_id");--> statement-breakpoint
CREATE INDEX "units_municipality_idx" ON "units" USING btree ("municipality_id");