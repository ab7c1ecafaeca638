ALTER TABLE "teams_conversations" ADD COLUMN "user_id" text;--> statement-breakpoint
CREATE INDEX "teams_conversations_user_idx" ON "teams_conversations" USING btree ("user_id");