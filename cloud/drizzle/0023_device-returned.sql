ALTER TABLE "devices" ADD COLUMN "returned_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "devices" ADD COLUMN "returned_from_citizen_id" uuid;--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_returned_from_citizen_id_citizens_id_fk" FOREIGN KEY ("returned_from_citizen_id") REFERENCES "public"."citizens"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
-- A kiosk taken back before this migration and not wiped since was told only by the audit log (its newest
-- return or wipe request is a return). It is marked as the cloud now marks a return, with whom it came back from
-- (the borrower of its newest lend), so the rule "wipe before lending it to anyone else" holds for it too.
UPDATE "devices" AS d
SET "returned_at" = r."at",
  "returned_from_citizen_id" = (
    SELECT c."id" FROM "audit_log" AS l
    JOIN "citizens" AS c ON c."id"::text = l."details"->>'citizenId'
    WHERE l."target_kind" = 'device' AND l."target_id" = d."id"::text AND l."action" = 'device.lent' AND l."id" < r."id"
    ORDER BY l."id" DESC LIMIT 1
  )
FROM (
  SELECT DISTINCT ON ("target_id") "target_id", "id", "action", "at" FROM "audit_log"
  WHERE "target_kind" = 'device' AND "action" IN ('device.returned', 'device.wipe_requested')
  ORDER BY "target_id", "id" DESC
) AS r
WHERE r."target_id" = d."id"::text AND r."action" = 'device.returned'
  AND d."lifecycle" = 'enrolled' AND d."citizen_id" IS NULL;--> statement-breakpoint
-- The audit scan above was the only reader of this index (devices/queries.ts now reads devices.returned_at).
DROP INDEX "audit_log_device_loan_idx";
