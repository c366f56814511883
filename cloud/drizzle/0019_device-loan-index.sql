-- Support's kiosk page asks, on every poll, whether an unlent kiosk was returned and not wiped since
-- (devices/queries.ts returnedUnwiped). Without this index that walked the municipality's audit index backwards
-- to its first row for a kiosk never lent. Partial: only return and wipe-request entries are indexed.
CREATE INDEX "audit_log_device_loan_idx" ON "audit_log" USING btree ("target_id","id") WHERE "audit_log"."action" in ('device.returned', 'device.wipe_requested');