// A row id as buttons and commands carry it. The id columns are 32-bit, and a larger id fails on
// PostgreSQL, so nine digits at most: anything past that is no id of ours (refused, not an error).
import { z } from "zod";

export const rowId = z.coerce
  .number({ error: "1, 2, …" })
  .int({ error: "1, 2, …" })
  .min(1, { error: "1, 2, …" })
  .max(999_999_999, { error: "1, 2, …" });
