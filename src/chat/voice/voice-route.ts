import { randomUUID } from "node:crypto";
import express, {
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
  type Router,
} from "express";
import type { Logger } from "../../logger.ts";
import { readChoiceAnswer } from "../../parse/choice-answer.ts";
import type { ServiceContext } from "../../services/context.ts";
import type { Provider } from "../../services/providers.ts";
import { choosePendingPatient, type PatientChoice } from "../../services/voice-choice.ts";
import { logVoiceText } from "../../services/voice-log.ts";
import { checkVoiceToken } from "../../services/voice-tokens.ts";
import { localDateOf } from "../../time/calendar.ts";
import { RateLimiter } from "./rate-limiter.ts";
import { parseVoiceBody, type VoiceRequestBody } from "./request-body.ts";
import { answerChoice, answerOutcome, type VoiceAnswer } from "./voice-answer.ts";

export const voiceLogPath = "/voice/log";

/** Largest request body read; a dictated sentence and its fields take well under 1 kB. */
const bodyLimit = "8kb";

/** Per token: a burst of 10 requests, then one more every 6 seconds. */
export const defaultVoiceRateLimit = { capacity: 10, refillPerMinute: 10 };

export interface VoiceRouteOptions {
  context: ServiceContext;
  logger: Logger;
  rateLimit?: { capacity: number; refillPerMinute: number };
}

/** Set on the response by the authentication step for the handler that follows. */
interface VoiceLocals {
  provider: Provider;
  tokenId: number;
}

/**
 * `POST /voice/log`: a bearer token from `/ccm voice-token`, then a JSON body with dictated
 * `text`, or a follow-up that picks the patient of a waiting log. The token is checked before
 * the body is read, so a request without a valid token writes nothing and costs little.
 */
export function createVoiceRouter(options: VoiceRouteOptions): Router {
  const { context, logger } = options;
  const limiter = new RateLimiter({
    ...(options.rateLimit ?? defaultVoiceRateLimit),
    now: context.now,
  });
  const router = express.Router();
  router.post(
    voiceLogPath,
    authenticate(context, logger),
    limitRate(limiter, logger),
    express.json({ limit: bodyLimit }),
    handleVoiceRequest(context, logger),
  );
  router.use(voiceLogPath, answerBodyErrors(logger));
  return router;
}

function authenticate(context: ServiceContext, logger: Logger): RequestHandler {
  return async (request, response, next) => {
    const token = readBearerToken(request.get("authorization"));
    if (token === undefined) {
      rejectToken(response, "missing", "Missing bearer token.");
      logger.debug({ reason: "missing" }, "voice request rejected");
      return;
    }
    const check = await checkVoiceToken(context, token);
    if (check.status === "invalid") {
      rejectToken(response, "invalid", "Invalid or revoked voice token.");
      logger.debug({ reason: "invalid" }, "voice request rejected");
      return;
    }
    if (check.status === "inactive_provider") {
      sendError(
        response,
        403,
        "inactive_provider",
        "Your provider account is inactive. Ask a practice admin to reactivate it.",
      );
      logger.info({ tokenId: check.tokenId }, "voice request from an inactive provider rejected");
      return;
    }
    const locals: VoiceLocals = { provider: check.provider, tokenId: check.tokenId };
    response.locals.voice = locals;
    next();
  };
}

/** Reads the token of `Authorization: Bearer <token>`; the scheme is case-insensitive (RFC 7235). */
function readBearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? "");
  return match?.[1];
}

function rejectToken(response: Response, reason: string, message: string): void {
  response.set("WWW-Authenticate", 'Bearer realm="ccm-bot voice", error="invalid_token"');
  sendError(
    response,
    401,
    `${reason}_token`,
    `${message} Create a token with /ccm voice-token and send it as Authorization: Bearer <token>.`,
  );
}

function limitRate(limiter: RateLimiter, logger: Logger): RequestHandler {
  return (_request, response, next) => {
    const { tokenId } = response.locals.voice as VoiceLocals;
    const decision = limiter.take(String(tokenId));
    if (decision.allowed) {
      next();
      return;
    }
    response.set("Retry-After", String(decision.retryAfterSeconds));
    sendError(
      response,
      429,
      "rate_limited",
      `Too many requests with this token. Try again in ${decision.retryAfterSeconds} seconds.`,
    );
    logger.debug({ tokenId }, "voice request rate limited");
  };
}

function handleVoiceRequest(context: ServiceContext, logger: Logger): RequestHandler {
  return async (request, response) => {
    const { provider, tokenId } = response.locals.voice as VoiceLocals;
    const parsed = parseVoiceBody(request.body);
    if (!parsed.ok) {
      sendError(response, 400, "invalid_body", parsed.message);
      return;
    }
    try {
      const answer = await runVoiceRequest(context, provider, parsed.body);
      logger.info(
        {
          providerId: provider.id,
          tokenId,
          status: answer.status,
          pendingLogId: answer.pendingLogId,
        },
        "voice request handled",
      );
      response.status(httpStatusOf(answer)).json(answer);
    } catch (error) {
      logger.error({ err: error, providerId: provider.id, tokenId }, "voice request failed");
      sendError(
        response,
        503,
        "not_recorded",
        "Not recorded: the bot could not save this just now. Please try again in a minute.",
      );
    }
  };
}

async function runVoiceRequest(
  context: ServiceContext,
  provider: Provider,
  body: VoiceRequestBody,
): Promise<VoiceAnswer> {
  const instant = context.now();
  const today = localDateOf(instant, context.timeZone);
  if (body.kind === "choice") {
    const result = await choosePendingPatient(context, provider, body.pendingLogId, choiceOf(body));
    return answerChoice(result, today);
  }
  const { outcome, repeated } = await logVoiceText(context, {
    provider,
    text: body.text,
    requestId: body.id ?? randomUUID(),
    instant,
  });
  return answerOutcome(outcome, repeated, today);
}

function choiceOf(body: Extract<VoiceRequestBody, { kind: "choice" }>): PatientChoice {
  if (body.choice !== undefined) return { kind: "position", position: body.choice };
  if (body.mrn !== undefined) return { kind: "mrn", mrn: body.mrn };
  const answer = body.answer ?? "";
  return readChoiceAnswer(answer) ?? { kind: "name", text: answer };
}

function httpStatusOf(answer: VoiceAnswer): number {
  if (answer.status === "pending_not_found") return 404;
  if (answer.status === "not_allowed") return 403;
  return 200;
}

/** Turns body-parser failures (too large, not JSON) into the same JSON error shape. */
function answerBodyErrors(logger: Logger) {
  return (error: unknown, _request: Request, response: Response, next: NextFunction) => {
    const type = (error as { type?: string }).type;
    if (type === "entity.too.large") {
      sendError(
        response,
        413,
        "body_too_large",
        `Request body too large: the limit is ${bodyLimit}. Send only the dictated text.`,
      );
      return;
    }
    if (
      type === "entity.parse.failed" ||
      type === "encoding.unsupported" ||
      type === "charset.unsupported"
    ) {
      sendError(
        response,
        400,
        "invalid_body",
        'Invalid request body: not readable JSON. Send UTF-8 JSON such as {"text": "twenty minutes with Jane Doe"}.',
      );
      return;
    }
    logger.error({ err: error }, "voice request failed before its handler");
    if (response.headersSent) {
      next(error);
      return;
    }
    sendError(
      response,
      503,
      "unavailable",
      "The bot could not check this request just now. Nothing was recorded; please try again in a minute.",
    );
  };
}

/** Sends a JSON error whose `speech` repeats the message, so a phone can read the problem aloud. */
function sendError(response: Response, status: number, code: string, message: string): void {
  const body: VoiceAnswer = {
    speech: message,
    status: "not_recorded",
    recorded: false,
    error: { code, message },
  };
  response.status(status).json(body);
}
