// A PostgreSQL URL as Prisma reads it, for node-postgres: Prisma's own parameters out, the
// schema as the search_path, joined to libpq's own options (node-postgres lets the URL's
// parameters win over the settings beside it, so an `options=` left in the URL dropped it).
import { describe, expect, it } from "vitest";
import { parsePgUrl, pgConfig } from "../../prisma/pg-url.ts";

describe("parsePgUrl and pgConfig", () => {
  it("takes Prisma's parameters out and puts the schema on the search_path beside the URL's own options", () => {
    const url = parsePgUrl(
      "postgres://u:pw@db.example:5432/sapat?schema=Sapat_1&connection_limit=3&options=-c%20statement_timeout%3D5000&sslmode=verify-full",
    );
    expect(url).toMatchObject({ schema: "Sapat_1", limit: 3, options: "-c statement_timeout=5000" });
    expect(pgConfig(url)).toEqual({
      connectionString: "postgres://u:pw@db.example:5432/sapat?sslmode=verify-full",
      options: '-c statement_timeout=5000 -c search_path="Sapat_1"',
    });
  });

  it("leaves a plain URL as it is", () => {
    const url = parsePgUrl("postgres://u@127.0.0.1/sapat");
    expect(url).toEqual({
      connectionString: "postgres://u@127.0.0.1/sapat",
      schema: undefined,
      limit: undefined,
      options: undefined,
    });
    expect(pgConfig(url)).toEqual({ connectionString: "postgres://u@127.0.0.1/sapat" });
    expect(parsePgUrl("postgres://u@h/db?connection_limit=0").limit).toBeUndefined();
  });

  it("refuses a schema name that would need escaping, and a URL that is none", () => {
    for (const bad of ['a"b', "a%20b", "1st"])
      expect(() => parsePgUrl(`postgres://u:pw@h/db?schema=${bad}`)).toThrow(
        expect.objectContaining({
          code: "databaseSchemaName",
          params: { schema: decodeURIComponent(bad), url: "postgres://h/db" },
        }),
      );
    expect(() => parsePgUrl("postgres://[bad")).toThrow(expect.objectContaining({ code: "databaseUrl" }));
  });
});
