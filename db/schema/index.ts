export * from "./claims.ts";
export * from "./delivery.ts";
export * from "./digest.ts";
export * from "./encounters.ts";
export * from "./people.ts";
