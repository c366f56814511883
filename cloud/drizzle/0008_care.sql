CREATE TYPE "public"."call_direction" AS ENUM('staff_to_citizen', 'citizen_to_staff', 'citizen_to_night_watch');--> statement-breakpoint
CREATE TYPE "public"."call_party_kind" AS ENUM('staff', 'citizen', 'device', 'pool', 'unit');--> statement-breakpoint
CREATE TYPE "public"."call_slot_outcome" AS ENUM('completed', 'no_answer', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."call_slot_type" AS ENUM('medicine', 'reassurance', 'conversation', 'training');--> statement-breakpoint
CREATE TYPE "public"."night_watch_call_status" AS ENUM('ringing', 'queued', 'accepted', 'escalated', 'missed');--> statement-breakpoint
CREATE TYPE "public"."ring_strategy" AS ENUM('ring_all', 'longest_idle');--> statement-breakpoint
CREATE TYPE "public"."shift_source" AS ENUM('manual', 'csv', 'ical');--> statement-breakpoint
CREATE TABLE "auto_answer_policies" (
	"citizen_id" uuid PRIMARY KEY NOT NULL,
	"enabled" boolean DEFAULT false NOT NULL,
	"countdown_seconds" integer DEFAULT 10 NOT NULL,
	"quiet_hours" jsonb,
	"do_not_disturb_until" timestamp with time zone,
	"do_not_disturb_set_by" uuid,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "auto_answer_countdown_range" CHECK ("auto_answer_policies"."countdown_seconds" between 3 and 60)
);
--> statement-breakpoint
CREATE TABLE "call_permissions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"enrolment_id" uuid NOT NULL,
	"direction" "call_direction" NOT NULL,
	"windows" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "call_records" (
	"call_id" uuid PRIMARY KEY NOT NULL,
	"municipality_id" uuid NOT NULL,
	"caller_kind" "call_party_kind" NOT NULL,
	"caller_id" uuid NOT NULL,
	"callee_kind" "call_party_kind" NOT NULL,
	"callee_id" uuid NOT NULL,
	"answered_by_staff_id" uuid,
	"slot_id" uuid,
	"auto_answered" boolean DEFAULT false NOT NULL,
	"ring_at" timestamp with time zone NOT NULL,
	"answer_at" timestamp with time zone,
	"end_at" timestamp with time zone,
	"end_reason" text
);
--> statement-breakpoint
CREATE TABLE "care_settings" (
	"municipality_id" uuid PRIMARY KEY NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "day_plan_slots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"citizen_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"staff_id" uuid,
	"type" "call_slot_type" NOT NULL,
	"planned_at" timestamp with time zone NOT NULL,
	"outcome" "call_slot_outcome",
	"cancel_reason" text,
	"outcome_at" timestamp with time zone,
	"outcome_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "day_plan_cancel_reason" CHECK ("day_plan_slots"."outcome" is distinct from 'cancelled' or coalesce(length("day_plan_slots"."cancel_reason"), 0) > 0)
);
--> statement-breakpoint
CREATE TABLE "duty_periods" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"pool_unit_id" uuid NOT NULL,
	"staff_id" uuid NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "duty_shifts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"pool_unit_id" uuid NOT NULL,
	"staff_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"source" "shift_source" NOT NULL,
	"external_uid" text,
	"overrides_shift_id" uuid,
	"cancelled" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "duty_shifts_order" CHECK ("duty_shifts"."ends_at" > "duty_shifts"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "night_watch_calls" (
	"id" uuid PRIMARY KEY NOT NULL,
	"pool_unit_id" uuid NOT NULL,
	"citizen_id" uuid NOT NULL,
	"status" "night_watch_call_status" DEFAULT 'ringing' NOT NULL,
	"placed_at" timestamp with time zone NOT NULL,
	"accepted_by" uuid,
	"accepted_at" timestamp with time zone,
	"reason" text,
	"escalated_to_pool_unit_id" uuid,
	"callback_done_at" timestamp with time zone,
	"callback_by" uuid
);
--> statement-breakpoint
CREATE TABLE "night_watch_pool_settings" (
	"pool_unit_id" uuid PRIMARY KEY NOT NULL,
	"strategy" "ring_strategy" DEFAULT 'ring_all' NOT NULL,
	"member_ring_seconds" integer DEFAULT 20 NOT NULL,
	"answer_timeout_seconds" integer DEFAULT 60 NOT NULL,
	"queue_timeout_seconds" integer DEFAULT 300 NOT NULL,
	"fallback_pool_unit_id" uuid,
	"fallback_phone" text,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "auto_answer_policies" ADD CONSTRAINT "auto_answer_policies_citizen_id_citizens_id_fk" FOREIGN KEY ("citizen_id") REFERENCES "public"."citizens"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auto_answer_policies" ADD CONSTRAINT "auto_answer_policies_do_not_disturb_set_by_staff_id_fk" FOREIGN KEY ("do_not_disturb_set_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_permissions" ADD CONSTRAINT "call_permissions_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_permissions" ADD CONSTRAINT "call_permissions_enrolment_id_citizen_enrolments_id_fk" FOREIGN KEY ("enrolment_id") REFERENCES "public"."citizen_enrolments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_permissions" ADD CONSTRAINT "call_permissions_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_records" ADD CONSTRAINT "call_records_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_records" ADD CONSTRAINT "call_records_answered_by_staff_id_staff_id_fk" FOREIGN KEY ("answered_by_staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_records" ADD CONSTRAINT "call_records_slot_id_day_plan_slots_id_fk" FOREIGN KEY ("slot_id") REFERENCES "public"."day_plan_slots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_settings" ADD CONSTRAINT "care_settings_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "day_plan_slots" ADD CONSTRAINT "day_plan_slots_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "day_plan_slots" ADD CONSTRAINT "day_plan_slots_citizen_id_citizens_id_fk" FOREIGN KEY ("citizen_id") REFERENCES "public"."citizens"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "day_plan_slots" ADD CONSTRAINT "day_plan_slots_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "day_plan_slots" ADD CONSTRAINT "day_plan_slots_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "day_plan_slots" ADD CONSTRAINT "day_plan_slots_outcome_by_staff_id_fk" FOREIGN KEY ("outcome_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_periods" ADD CONSTRAINT "duty_periods_pool_unit_id_units_id_fk" FOREIGN KEY ("pool_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_periods" ADD CONSTRAINT "duty_periods_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_shifts" ADD CONSTRAINT "duty_shifts_pool_unit_id_units_id_fk" FOREIGN KEY ("pool_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_shifts" ADD CONSTRAINT "duty_shifts_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_shifts" ADD CONSTRAINT "duty_shifts_overrides_shift_id_duty_shifts_id_fk" FOREIGN KEY ("overrides_shift_id") REFERENCES "public"."duty_shifts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "night_watch_calls" ADD CONSTRAINT "night_watch_calls_pool_unit_id_units_id_fk" FOREIGN KEY ("pool_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "night_watch_calls" ADD CONSTRAINT "night_watch_calls_citizen_id_citizens_id_fk" FOREIGN KEY ("citizen_id") REFERENCES "public"."citizens"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "night_watch_calls" ADD CONSTRAINT "night_watch_calls_accepted_by_staff_id_fk" FOREIGN KEY ("accepted_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "night_watch_calls" ADD CONSTRAINT "night_watch_calls_escalated_to_pool_unit_id_units_id_fk" FOREIGN KEY ("escalated_to_pool_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "night_watch_calls" ADD CONSTRAINT "night_watch_calls_callback_by_staff_id_fk" FOREIGN KEY ("callback_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "night_watch_pool_settings" ADD CONSTRAINT "night_watch_pool_settings_pool_unit_id_units_id_fk" FOREIGN KEY ("pool_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "night_watch_pool_settings" ADD CONSTRAINT "night_watch_pool_settings_fallback_pool_unit_id_units_id_fk" FOREIGN KEY ("fallback_pool_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "call_permissions_open_uq" ON "call_permissions" USING btree ("enrolment_id","direction") WHERE "call_permissions"."revoked_at" is null;--> statement-breakpoint
CREATE INDEX "call_permissions_municipality_idx" ON "call_permissions" USING btree ("municipality_id");--> statement-breakpoint
CREATE INDEX "call_records_municipality_idx" ON "call_records" USING btree ("municipality_id","ring_at");--> statement-breakpoint
CREATE INDEX "call_records_slot_idx" ON "call_records" USING btree ("slot_id");--> statement-breakpoint
CREATE INDEX "call_records_answered_by_idx" ON "call_records" USING btree ("answered_by_staff_id","end_at");--> statement-breakpoint
CREATE INDEX "day_plan_slots_unit_idx" ON "day_plan_slots" USING btree ("unit_id","planned_at");--> statement-breakpoint
CREATE INDEX "day_plan_slots_staff_idx" ON "day_plan_slots" USING btree ("staff_id","planned_at");--> statement-breakpoint
CREATE INDEX "day_plan_slots_municipality_idx" ON "day_plan_slots" USING btree ("municipality_id","planned_at");--> statement-breakpoint
CREATE UNIQUE INDEX "duty_periods_open_uq" ON "duty_periods" USING btree ("pool_unit_id","staff_id") WHERE "duty_periods"."ended_at" is null;--> statement-breakpoint
CREATE INDEX "duty_periods_staff_idx" ON "duty_periods" USING btree ("staff_id");--> statement-breakpoint
CREATE INDEX "duty_shifts_pool_idx" ON "duty_shifts" USING btree ("pool_unit_id","starts_at");--> statement-breakpoint
CREATE INDEX "duty_shifts_staff_idx" ON "duty_shifts" USING btree ("staff_id","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "duty_shifts_external_uq" ON "duty_shifts" USING btree ("pool_unit_id","external_uid");--> statement-breakpoint
CREATE INDEX "night_watch_calls_pool_idx" ON "night_watch_calls" USING btree ("pool_unit_id","status","placed_at");