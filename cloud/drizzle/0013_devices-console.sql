CREATE TYPE "public"."device_hold" AS ENUM('lost', 'in_repair');--> statement-breakpoint
ALTER TABLE "devices" ADD COLUMN "held_as" "device_hold";--> statement-breakpoint
ALTER TABLE "devices" ADD COLUMN "held_since" timestamp with time zone;