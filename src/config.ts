import { z } from "zod";
import { isValidTimeZone } from "./time/calendar.ts";

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

const flag = z
  .string()
  .optional()
  .transform((value) => value === "1" || value === "true");

/** A monthly unit limit for a disputed add-on code: a whole number from 1. */
const unitCap = z.coerce
  .number()
  .int("expected a whole number of units")
  .min(1, "expected at least 1 unit")
  .default(1);

const localTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "expected HH:MM in 24-hour time, such as 08:00");

/** Every setting the bot reads from the environment, with its default. */
const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "expected a postgres:// or postgresql:// URL")
      .optional(),
  ),
  CCM_DATA_DIR: z.string().default("./data"),
  CCM_TIMEZONE: z
    .string()
    .default("America/New_York")
    .refine(isValidTimeZone, "expected an IANA time zone such as America/New_York"),
  CCM_BILLING_CHANNEL: optionalText,
  CCM_DIGEST_CHANNEL: optionalText,
  CCM_DIGEST_TIME: localTime.default("08:00"),
  CCM_DIGEST_WINDOW_MINUTES: z.coerce
    .number()
    .int("expected a whole number of minutes")
    .min(1, "expected at least 1 minute")
    .max(60, "expected at most 60 minutes")
    .default(10),
  CCM_DIGEST_DMS: flag,
  CCM_ADMINS: z
    .string()
    .default("")
    .transform((value) =>
      value
        .split(/[\s,]+/)
        .map((id) => id.trim())
        .filter((id) => id !== ""),
    ),
  CCM_MAX_UNITS_99437: unitCap,
  CCM_MAX_UNITS_99427: unitCap,
  CCM_MAX_UNITS_99425: unitCap,
  CCM_ALLOW_CCM_PCM_ACROSS_PRACTITIONERS: flag,
  CCM_FEE_SCHEDULE_FILE: optionalText,
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SLACK_BOT_TOKEN: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText,
  SLACK_API_URL: optionalText.pipe(z.url().optional()),
  TEAMS_APP_ID: optionalText,
  TEAMS_APP_PASSWORD: optionalText,
  TEAMS_APP_TENANT_ID: optionalText,
  TEAMS_ALLOW_ANONYMOUS: flag,
  CCM_VOICE: flag,
});

export type Environment = z.infer<typeof environmentSchema>;

export interface SlackSettings {
  botToken: string;
  signingSecret: string;
  appToken?: string;
  apiUrl?: string;
}

export interface TeamsSettings {
  appId?: string;
  appPassword?: string;
  tenantId?: string;
  allowAnonymous: boolean;
}

/** Billing choices where the sources disagree, and where the fee schedule comes from. */
export interface BillingConfig {
  unitCaps: { "99437": number; "99427": number; "99425": number };
  allowCcmAndPcmAcrossPractitioners: boolean;
  /** JSON file that replaces the built-in fee schedule; read at start. */
  feeScheduleFile?: string;
}

export interface Config {
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  timeZone: string;
  billingChannel?: string;
  digestChannel?: string;
  digestTime: string;
  /** Patients this many minutes or fewer from their next code are in the digest. */
  digestWindowMinutes: number;
  /** Each provider also gets their own digest list by direct message (Slack only). */
  digestDirectMessages: boolean;
  admins: string[];
  billing: BillingConfig;
  logLevel: Environment["LOG_LEVEL"];
  slack?: SlackSettings;
  teams?: TeamsSettings;
  /** Serve `POST /voice/log` on the HTTP port, which then listens even in console mode. */
  voice: boolean;
}

/** A setting that is missing or invalid; `message` names the variable and the fix. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Reads and checks the environment; throws ConfigError naming the first bad setting. */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = issue?.path.join(".") ?? "environment";
    throw new ConfigError(`Invalid setting ${name}: ${issue?.message ?? "unreadable value"}`);
  }
  const env = parsed.data;
  return {
    port: env.PORT,
    host: env.HOST,
    databaseUrl: env.DATABASE_URL,
    dataDir: env.CCM_DATA_DIR,
    timeZone: env.CCM_TIMEZONE,
    billingChannel: env.CCM_BILLING_CHANNEL,
    digestChannel: env.CCM_DIGEST_CHANNEL,
    digestTime: env.CCM_DIGEST_TIME,
    digestWindowMinutes: env.CCM_DIGEST_WINDOW_MINUTES,
    digestDirectMessages: env.CCM_DIGEST_DMS,
    admins: env.CCM_ADMINS,
    billing: {
      unitCaps: {
        "99437": env.CCM_MAX_UNITS_99437,
        "99427": env.CCM_MAX_UNITS_99427,
        "99425": env.CCM_MAX_UNITS_99425,
      },
      allowCcmAndPcmAcrossPractitioners: env.CCM_ALLOW_CCM_PCM_ACROSS_PRACTITIONERS,
      feeScheduleFile: env.CCM_FEE_SCHEDULE_FILE,
    },
    logLevel: env.LOG_LEVEL,
    slack: readSlackSettings(env),
    teams: readTeamsSettings(env),
    voice: env.CCM_VOICE,
  };
}

function readSlackSettings(env: Environment): SlackSettings | undefined {
  const { SLACK_BOT_TOKEN: botToken, SLACK_SIGNING_SECRET: signingSecret } = env;
  if (!botToken && !signingSecret) return undefined;
  if (!botToken) {
    throw new ConfigError(
      "Missing setting SLACK_BOT_TOKEN: Slack needs it with SLACK_SIGNING_SECRET",
    );
  }
  if (!signingSecret && !env.SLACK_APP_TOKEN) {
    throw new ConfigError(
      "Missing setting SLACK_SIGNING_SECRET: Slack over HTTP needs it with SLACK_BOT_TOKEN",
    );
  }
  return {
    botToken,
    signingSecret: signingSecret ?? "",
    appToken: env.SLACK_APP_TOKEN,
    apiUrl: env.SLACK_API_URL,
  };
}

function readTeamsSettings(env: Environment): TeamsSettings | undefined {
  if (env.TEAMS_APP_ID && env.TEAMS_ALLOW_ANONYMOUS) {
    throw new ConfigError(
      "Invalid settings: TEAMS_ALLOW_ANONYMOUS=1 with TEAMS_APP_ID would turn off authentication; unset one of them",
    );
  }
  if (!env.TEAMS_APP_ID && !env.TEAMS_ALLOW_ANONYMOUS) return undefined;
  if (env.TEAMS_APP_ID && !env.TEAMS_APP_PASSWORD) {
    throw new ConfigError("Missing setting TEAMS_APP_PASSWORD: Teams needs it with TEAMS_APP_ID");
  }
  return {
    appId: env.TEAMS_APP_ID,
    appPassword: env.TEAMS_APP_PASSWORD,
    tenantId: env.TEAMS_APP_TENANT_ID,
    allowAnonymous: env.TEAMS_ALLOW_ANONYMOUS,
  };
}
