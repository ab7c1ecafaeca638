import type { ServiceContext } from "../../services/context.ts";
import type { FileOffers } from "./file-offers.ts";

/** The state every Teams handler shares: the services and the files awaiting the user's consent. */
export interface TeamsRuntime {
  context: ServiceContext;
  fileOffers: FileOffers;
}
