import type { ServiceContext } from "../../services/context.ts";
import type { Provider, UserIdentity } from "../../services/providers.ts";
import type { Reply } from "../reply.ts";

/** One `/ccm` invocation, as every adapter hands it over. */
export interface CommandRequest {
  user: UserIdentity;
  /** Everything after `/ccm`, such as `enroll Jane Doe, MRN 100234, …`. */
  text: string;
  instant: Date;
}

/** A `/ccm` subcommand. `provider` is undefined for users the practice has not registered. */
export interface Command {
  name: string;
  usage: string;
  summary: string;
  /** When false the router answers unregistered users itself, so `run` always gets a provider. */
  openToEveryone?: boolean;
  run(context: ServiceContext, request: CommandInvocation): Promise<Reply>;
}

export interface CommandInvocation extends CommandRequest {
  provider: Provider | undefined;
  /** The text after the subcommand name. */
  args: string;
}
