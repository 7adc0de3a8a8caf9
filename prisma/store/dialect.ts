// Which database a client talks to, for the few statements that must differ between them
// (prisma/store/claims.ts). prisma/client.ts tags each client it makes; a client it did not
// make (or a transaction client) reads as unknown and gets the portable path.

export type Dialect = "sqlite" | "postgresql";

const dialects = new WeakMap<object, Dialect>();

/** Called where the client is made. */
export function registerDialect(client: object, dialect: Dialect): void {
  dialects.set(client, dialect);
}

export function dialectOf(client: object): Dialect | undefined {
  return dialects.get(client);
}
