export * from "./claims.ts";
export * from "./delivery.ts";
export * from "./digest.ts";
export * from "./encounters.ts";
export * from "./months.ts";
export * from "./people.ts";
export * from "./teams.ts";
export * from "./voice.ts";
