CREATE TYPE "public"."access_review_decision" AS ENUM('confirmed', 'removed');--> statement-breakpoint
CREATE TYPE "public"."access_review_line_kind" AS ENUM('membership', 'relation');--> statement-breakpoint
CREATE TYPE "public"."slot_completed_via" AS ENUM('screen_call', 'phone', 'on_site');--> statement-breakpoint
CREATE TYPE "public"."service_case_stage" AS ENUM('referred', 'assessed', 'assigned', 'installed', 'following_up', 'ended');--> statement-breakpoint
CREATE TYPE "public"."service_device_choice" AS ENUM('loan_kiosk', 'own_device');--> statement-breakpoint
CREATE TYPE "public"."service_scenario" AS ENUM('home_care', 'home_guidance', 'facility');--> statement-breakpoint
CREATE TABLE "access_review_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"review_id" uuid NOT NULL,
	"kind" "access_review_line_kind" NOT NULL,
	"subject_id" uuid NOT NULL,
	"decision" "access_review_decision",
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"automatic" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "access_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "service_case_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"transition" text NOT NULL,
	"from_stage" "service_case_stage",
	"to_stage" "service_case_stage" NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"by_staff_id" uuid,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"citizen_id" uuid NOT NULL,
	"stage" "service_case_stage" NOT NULL,
	"referred_by" text NOT NULL,
	"referred_at" timestamp with time zone NOT NULL,
	"scenario" "service_scenario",
	"device_choice" "service_device_choice",
	"unit_id" uuid,
	"device_id" uuid,
	"installed_at" timestamp with time zone,
	"evaluations_done" integer DEFAULT 0 NOT NULL,
	"next_evaluation_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"device_returned_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "call_records" ADD COLUMN "connected_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "day_plan_slots" ADD COLUMN "completed_via" "slot_completed_via";--> statement-breakpoint
ALTER TABLE "access_review_lines" ADD CONSTRAINT "access_review_lines_review_id_access_reviews_id_fk" FOREIGN KEY ("review_id") REFERENCES "public"."access_reviews"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_review_lines" ADD CONSTRAINT "access_review_lines_decided_by_staff_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_reviews" ADD CONSTRAINT "access_reviews_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_reviews" ADD CONSTRAINT "access_reviews_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_case_events" ADD CONSTRAINT "service_case_events_case_id_service_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."service_cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_case_events" ADD CONSTRAINT "service_case_events_by_staff_id_staff_id_fk" FOREIGN KEY ("by_staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_cases" ADD CONSTRAINT "service_cases_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_cases" ADD CONSTRAINT "service_cases_citizen_id_citizens_id_fk" FOREIGN KEY ("citizen_id") REFERENCES "public"."citizens"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_cases" ADD CONSTRAINT "service_cases_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_cases" ADD CONSTRAINT "service_cases_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "access_review_lines_review_idx" ON "access_review_lines" USING btree ("review_id");--> statement-breakpoint
CREATE INDEX "access_reviews_unit_idx" ON "access_reviews" USING btree ("unit_id","opened_at");--> statement-breakpoint
CREATE INDEX "service_case_events_case_idx" ON "service_case_events" USING btree ("case_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "service_cases_open_uq" ON "service_cases" USING btree ("citizen_id") WHERE "service_cases"."stage" <> 'ended';--> statement-breakpoint
CREATE INDEX "service_cases_municipality_idx" ON "service_cases" USING btree ("municipality_id","stage");