import { defineConfig } from "prisma/config";

// The CLI is used only for `prisma generate` here (see prisma/migrate.ts for migrations);
// package.json's `generate` runs it once per provider with --schema prisma/db/<provider>/.
export default defineConfig({
  schema: "prisma/db/sqlite/schema.prisma",
  migrations: { path: "prisma/db/sqlite/migrations" },
});
