CREATE TYPE "public"."activation_channel" AS ENUM('letter', 'sms', 'digital_post');--> statement-breakpoint
CREATE TYPE "public"."citizen_security_level" AS ENUM('device_bound', 'device_bound_pin', 'two_factor');--> statement-breakpoint
CREATE TABLE "activation_outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"citizen_id" uuid NOT NULL,
	"channel" "activation_channel" NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "citizen_activation_codes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"citizen_id" uuid NOT NULL,
	"municipality_id" uuid NOT NULL,
	"code_hash" text NOT NULL,
	"channel" "activation_channel" NOT NULL,
	"issued_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	"used_at" timestamp with time zone,
	"invalidated_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "citizen_credential_sessions" (
	"credential_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	CONSTRAINT "citizen_credential_sessions_credential_id_session_id_pk" PRIMARY KEY("credential_id","session_id")
);
--> statement-breakpoint
CREATE TABLE "citizen_credentials" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"citizen_id" uuid NOT NULL,
	"municipality_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"label" text NOT NULL,
	"activation_code_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"last_used_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "citizen_security" (
	"citizen_id" uuid PRIMARY KEY NOT NULL,
	"level" "citizen_security_level" DEFAULT 'device_bound' NOT NULL,
	"pin_hash" text,
	"totp_secret" text,
	"totp_last_step" bigint,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "activation_outbox" ADD CONSTRAINT "activation_outbox_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activation_outbox" ADD CONSTRAINT "activation_outbox_citizen_id_citizens_id_fk" FOREIGN KEY ("citizen_id") REFERENCES "public"."citizens"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "citizen_activation_codes" ADD CONSTRAINT "citizen_activation_codes_citizen_id_citizens_id_fk" FOREIGN KEY ("citizen_id") REFERENCES "public"."citizens"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "citizen_activation_codes" ADD CONSTRAINT "citizen_activation_codes_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "citizen_activation_codes" ADD CONSTRAINT "citizen_activation_codes_issued_by_staff_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "citizen_credential_sessions" ADD CONSTRAINT "citizen_credential_sessions_credential_id_citizen_credentials_id_fk" FOREIGN KEY ("credential_id") REFERENCES "public"."citizen_credentials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "citizen_credential_sessions" ADD CONSTRAINT "citizen_credential_sessions_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "citizen_credentials" ADD CONSTRAINT "citizen_credentials_citizen_id_citizens_id_fk" FOREIGN KEY ("citizen_id") REFERENCES "public"."citizens"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "citizen_credentials" ADD CONSTRAINT "citizen_credentials_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "citizen_credentials" ADD CONSTRAINT "citizen_credentials_activation_code_id_citizen_activation_codes_id_fk" FOREIGN KEY ("activation_code_id") REFERENCES "public"."citizen_activation_codes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "citizen_security" ADD CONSTRAINT "citizen_security_citizen_id_citizens_id_fk" FOREIGN KEY ("citizen_id") REFERENCES "public"."citizens"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "activation_outbox_municipality_idx" ON "activation_outbox" USING btree ("municipality_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "citizen_activation_codes_hash_uq" ON "citizen_activation_codes" USING btree ("code_hash");--> statement-breakpoint
CREATE INDEX "citizen_activation_codes_citizen_idx" ON "citizen_activation_codes" USING btree ("citizen_id");--> statement-breakpoint
CREATE UNIQUE INDEX "citizen_credentials_token_hash_uq" ON "citizen_credentials" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "citizen_credentials_citizen_idx" ON "citizen_credentials" USING btree ("citizen_id");