CREATE TABLE "claims" (
	"id" serial PRIMARY KEY NOT NULL,
	"patient_id" integer NOT NULL,
	"month" char(7) NOT NULL,
	"code" text NOT NULL,
	"units" integer DEFAULT 1 NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"total_minutes" integer NOT NULL,
	"practitioner_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "claims_patient_month_code_unique" UNIQUE("patient_id","month","code")
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"actor_provider_id" integer,
	"action" text NOT NULL,
	"entity" text NOT NULL,
	"entity_id" text NOT NULL,
	"details" jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"channel" text NOT NULL,
	"payload" jsonb NOT NULL,
	"claim_id" integer,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"leased_until" timestamp with time zone,
	"result" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "pending_logs" (
	"id" serial PRIMARY KEY NOT NULL,
	"provider_id" integer NOT NULL,
	"source_platform" text NOT NULL,
	"source_channel" text NOT NULL,
	"source_message_id" text NOT NULL,
	"text" text NOT NULL,
	"minutes" integer NOT NULL,
	"service_date" date NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"candidate_ids" jsonb NOT NULL,
	"unknown_name" text,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	CONSTRAINT "pending_logs_source_unique" UNIQUE("source_platform","source_channel","source_message_id")
);
--> statement-breakpoint
CREATE TABLE "processed_events" (
	"key" text PRIMARY KEY NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "digest_runs" (
	"local_date" date PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"queued_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "encounters" (
	"id" serial PRIMARY KEY NOT NULL,
	"patient_id" integer NOT NULL,
	"provider_id" integer NOT NULL,
	"provider_role" text NOT NULL,
	"minutes" integer NOT NULL,
	"service_date" date NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"source_platform" text NOT NULL,
	"source_channel" text NOT NULL,
	"source_message_id" text NOT NULL,
	"source_link" text,
	"source_revision" text,
	"voided_at" timestamp with time zone,
	"void_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "encounters_source_unique" UNIQUE("source_platform","source_channel","source_message_id"),
	CONSTRAINT "encounters_minutes_range" CHECK ("encounters"."minutes" > 0 and "encounters"."minutes" <= 1440)
);
--> statement-breakpoint
CREATE TABLE "closed_months" (
	"month" char(7) PRIMARY KEY NOT NULL,
	"closed_by_provider_id" integer,
	"closed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "complex_months" (
	"patient_id" integer NOT NULL,
	"month" char(7) NOT NULL,
	"marked_by_provider_id" integer,
	"marked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "complex_months_patient_id_month_pk" PRIMARY KEY("patient_id","month")
);
--> statement-breakpoint
CREATE TABLE "enrollments" (
	"id" serial PRIMARY KEY NOT NULL,
	"patient_id" integer NOT NULL,
	"program" text DEFAULT 'ccm' NOT NULL,
	"conditions" jsonb NOT NULL,
	"consent_type" text NOT NULL,
	"consent_date" date NOT NULL,
	"consent_obtained_by" text NOT NULL,
	"told_cost_sharing" boolean DEFAULT false NOT NULL,
	"told_one_practitioner" boolean DEFAULT false NOT NULL,
	"told_right_to_stop" boolean DEFAULT false NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date,
	"end_reason" text,
	"enrolled_by_provider_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "patients" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_normalized" text NOT NULL,
	"mrn" text NOT NULL,
	"date_of_birth" date,
	"aliases" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "patients_mrn_unique" UNIQUE("mrn")
);
--> statement-breakpoint
CREATE TABLE "providers" (
	"id" serial PRIMARY KEY NOT NULL,
	"platform" text NOT NULL,
	"platform_user_id" text NOT NULL,
	"display_name" text,
	"role" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "providers_platform_user_unique" UNIQUE("platform","platform_user_id")
);
--> statement-breakpoint
CREATE TABLE "teams_conversations" (
	"conversation_id" text PRIMARY KEY NOT NULL,
	"conversation_type" text,
	"tenant_id" text,
	"service_url" text NOT NULL,
	"reference" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "voice_tokens" (
	"id" serial PRIMARY KEY NOT NULL,
	"provider_id" integer NOT NULL,
	"token_hash" char(64) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "voice_tokens_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
ALTER TABLE "claims" ADD CONSTRAINT "claims_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claims" ADD CONSTRAINT "claims_practitioner_id_providers_id_fk" FOREIGN KEY ("practitioner_id") REFERENCES "public"."providers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_actor_provider_id_providers_id_fk" FOREIGN KEY ("actor_provider_id") REFERENCES "public"."providers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pending_logs" ADD CONSTRAINT "pending_logs_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "encounters" ADD CONSTRAINT "encounters_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "encounters" ADD CONSTRAINT "encounters_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "closed_months" ADD CONSTRAINT "closed_months_closed_by_provider_id_providers_id_fk" FOREIGN KEY ("closed_by_provider_id") REFERENCES "public"."providers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complex_months" ADD CONSTRAINT "complex_months_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complex_months" ADD CONSTRAINT "complex_months_marked_by_provider_id_providers_id_fk" FOREIGN KEY ("marked_by_provider_id") REFERENCES "public"."providers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollments" ADD CONSTRAINT "enrollments_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollments" ADD CONSTRAINT "enrollments_enrolled_by_provider_id_providers_id_fk" FOREIGN KEY ("enrolled_by_provider_id") REFERENCES "public"."providers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voice_tokens" ADD CONSTRAINT "voice_tokens_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "claims_month_idx" ON "claims" USING btree ("month");--> statement-breakpoint
CREATE INDEX "audit_events_entity_idx" ON "audit_events" USING btree ("entity","entity_id");--> statement-breakpoint
CREATE INDEX "outbox_due_idx" ON "outbox" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "encounters_patient_date_idx" ON "encounters" USING btree ("patient_id","service_date");--> statement-breakpoint
CREATE INDEX "encounters_provider_created_idx" ON "encounters" USING btree ("provider_id","created_at");--> statement-breakpoint
CREATE INDEX "encounters_service_date_idx" ON "encounters" USING btree ("service_date");--> statement-breakpoint
CREATE INDEX "encounters_provider_date_idx" ON "encounters" USING btree ("provider_id","service_date");--> statement-breakpoint
CREATE INDEX "enrollments_patient_idx" ON "enrollments" USING btree ("patient_id","starts_on");--> statement-breakpoint
CREATE INDEX "patients_name_normalized_idx" ON "patients" USING btree ("name_normalized");--> statement-breakpoint
CREATE UNIQUE INDEX "voice_tokens_one_active_per_provider" ON "voice_tokens" USING btree ("provider_id") WHERE "voice_tokens"."revoked_at" is null;