// Every model of the schema with what copying it needs: its key, whether its id is a serial,
// the models it references. The list is Prisma's own (Prisma.ModelName), so a new model is
// never left behind; the relations come from the schema, since the generated client keeps
// no foreign keys at run time (Prisma 7 has no Prisma.dmmf).
import { readFileSync } from "node:fs";
import { Prisma } from "./generated/client.ts";
import { schemaPathOf } from "./provider.ts";
import type { CopyModel } from "./store/copy.ts";

export interface ModelInfo extends CopyModel {
  /** the other models this one holds foreign keys to (rows there must exist first) */
  references: string[];
}

const MODEL = /^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm;
const FIELD = /^\s*(\w+)\s+(\w+)(\[\]|\?)?(.*)$/;

/** The models as schema.prisma declares them (both providers' schemas hold the same models). */
export function parseModels(schema: string): ModelInfo[] {
  const blocks = [...schema.matchAll(MODEL)].map((m) => ({ name: m[1] as string, body: m[2] as string }));
  const names = new Set(blocks.map((b) => b.name));
  return blocks.map(({ name, body }) => {
    const info: ModelInfo = { name, key: [], serialId: false, bulky: false, selfReferences: [], references: [] };
    for (const raw of body.split("\n")) {
      const line = raw.replace(/\/\/.*$/, "").trim();
      const compound = /^@@id\(\[([^\]]*)\]/.exec(line);
      if (compound) info.key = (compound[1] as string).split(",").map((f) => f.trim());
      const m = FIELD.exec(line);
      if (!m || line.startsWith("@@")) continue;
      const [, field, type, , attributes = ""] = m as unknown as [string, string, string, string, string];
      if (/@id\b/.test(attributes)) {
        info.key = [field];
        info.serialId = /@default\(autoincrement\(\)\)/.test(attributes);
      }
      if (type === "Bytes") info.bulky = true;
      const fields = /@relation\([^)]*fields:\s*\[([^\]]*)\][^)]*references:\s*\[([^\]]*)\]/.exec(attributes);
      if (!names.has(type) || !fields) continue;
      const from = (fields[1] as string).split(",").map((f) => f.trim());
      const to = (fields[2] as string).split(",").map((f) => f.trim());
      if (type !== name) info.references.push(type);
      else if (from.length === 1 && to.length === 1)
        info.selfReferences.push({ field: from[0] as string, references: to[0] as string });
      else throw new Error(`${name}: a self-relation over several fields is not supported by the copy`);
    }
    if (!info.key.length) throw new Error(`${name}: no primary key found in the schema`);
    return info;
  });
}

/**
 * Prisma's models, each after every model it references (ties in Prisma's order), so rows
 * can be inserted with their foreign keys checked. A model referencing itself (a unit's
 * parent) is the copy's business; a cycle between models has no such order and throws.
 */
export function modelsInCopyOrder(schema = readFileSync(schemaPathOf("sqlite"), "utf8")): ModelInfo[] {
  const parsed = new Map(parseModels(schema).map((m) => [m.name, m]));
  const client: string[] = Object.values(Prisma.ModelName);
  const missing = client.filter((n) => !parsed.has(n));
  const extra = [...parsed.keys()].filter((n) => !client.includes(n));
  if (missing.length || extra.length)
    throw new Error(`The generated client and schema.prisma differ (${[...missing, ...extra].join(", ")}): run npm run generate`);
  const order: ModelInfo[] = [];
  const placed = new Set<string>();
  while (order.length < client.length) {
    const next = client.find((n) => !placed.has(n) && parsed.get(n)?.references.every((r) => placed.has(r)));
    if (!next) throw new Error(`The models ${client.filter((n) => !placed.has(n)).join(", ")} reference each other in a cycle`);
    order.push(parsed.get(next) as ModelInfo);
    placed.add(next);
  }
  return order;
}
