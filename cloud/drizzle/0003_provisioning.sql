CREATE TYPE "public"."scim_resource_kind" AS ENUM('user', 'group');--> statement-breakpoint
CREATE TABLE "scim_external_ids" (
	"kind" "scim_resource_kind" NOT NULL,
	"resource_id" uuid NOT NULL,
	"municipality_id" uuid NOT NULL,
	"external_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scim_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"label" text NOT NULL,
	"created_by_staff_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "scim_external_ids" ADD CONSTRAINT "scim_external_ids_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scim_tokens" ADD CONSTRAINT "scim_tokens_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "scim_external_ids_resource_uq" ON "scim_external_ids" USING btree ("kind","resource_id");--> statement-breakpoint
CREATE UNIQUE INDEX "scim_external_ids_external_uq" ON "scim_external_ids" USING btree ("municipality_id","kind","external_id");--> statement-breakpoint
CREATE UNIQUE INDEX "scim_tokens_hash_uq" ON "scim_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "scim_tokens_municipality_idx" ON "scim_tokens" USING btree ("municipality_id");