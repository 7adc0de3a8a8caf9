import { defineConfig } from "prisma/config";

// The CLI is used only for `prisma generate` here (see prisma/migrate.ts for migrations).
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
