// The demo's action plan: a synthetic academic council resolution (data/plans/), nine dated
// items — one for every department of ЭФ, one in two stages, one a range — written as the
// quality department would import it.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { INSTITUTION_ACCESS } from "../../../core/index.ts";
import { REPO_ROOT } from "../../../prisma/database-url.ts";
import type { Institution } from "../../../prisma/generated/client.ts";
import type { PrismaClient } from "../../../prisma/store/db.ts";
import { importPlanFile } from "../plans/create-plan.ts";

export const DEMO_PLAN_FILE = path.join(REPO_ROOT, "data", "plans", "demo-council-resolution.csv");

export async function importDemoPlan(db: PrismaClient, institution: Institution): Promise<void> {
  const who = { access: INSTITUTION_ACCESS, institutionId: institution.id, telegramId: null, chatId: null, actor: "sapat demo" };
  const r = await importPlanFile(
    { db, now: () => new Date() },
    who,
    await readFile(DEMO_PLAN_FILE),
    {
      title: "Подготовка к программной аккредитации (демо)",
      source: "Решение учёного совета № 1 от 28.08.2026 (синтетическое)",
      kind: "resolution",
      year: "2026-2027",
    },
    true,
  );
  if (!r.ok) throw new Error(`demo plan was rejected: ${JSON.stringify(r.issues)}`);
}
