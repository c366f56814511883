CREATE TABLE "pool_citizen_coverage" (
	"pool_unit_id" uuid NOT NULL,
	"citizen_id" uuid NOT NULL,
	CONSTRAINT "pool_citizen_coverage_pool_unit_id_citizen_id_pk" PRIMARY KEY("pool_unit_id","citizen_id")
);
--> statement-breakpoint
ALTER TABLE "pool_citizen_coverage" ADD CONSTRAINT "pool_citizen_coverage_pool_unit_id_units_id_fk" FOREIGN KEY ("pool_unit_id") REFERENCES "public"."units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pool_citizen_coverage" ADD CONSTRAINT "pool_citizen_coverage_citizen_id_citizens_id_fk" FOREIGN KEY ("citizen_id") REFERENCES "public"."citizens"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "pool_citizen_coverage_citizen_idx" ON "pool_citizen_coverage" USING btree ("citizen_id");