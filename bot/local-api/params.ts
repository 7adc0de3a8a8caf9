// Reading Bot API parameters with the Bot API's own complaints about wrong ones.
import { BotApiError, type Params } from "./types.ts";

export function isRecord(value: unknown): value is Params {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}

export function asParams(value: unknown): Params {
  return isRecord(value) ? value : {};
}

export function optString(p: Params, key: string): string | undefined {
  const v = p[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  throw new BotApiError(400, `Bad Request: field "${key}" must be a string`);
}

export function requireString(p: Params, key: string): string {
  const v = optString(p, key);
  if (v === undefined) throw new BotApiError(400, `Bad Request: ${key} is empty`);
  return v;
}

export function optNumber(p: Params, key: string): number | undefined {
  const v = p[key];
  if (v === undefined || v === null || v === "") return undefined;
  const n = typeof v === "number" ? v : typeof v === "string" ? Number(v) : Number.NaN;
  if (!Number.isFinite(n)) throw new BotApiError(400, `Bad Request: field "${key}" must be a Number`);
  return n;
}

export function optInt(p: Params, key: string): number | undefined {
  const n = optNumber(p, key);
  if (n !== undefined && !Number.isInteger(n)) throw new BotApiError(400, `Bad Request: field "${key}" must be an Integer`);
  return n;
}

export function requireInt(p: Params, key: string): number {
  const n = optInt(p, key);
  if (n === undefined) throw new BotApiError(400, `Bad Request: ${key} is empty`);
  return n;
}

/**
 * A chat id as the Bot API reads it: an integer, or a string of digits (optionally with a
 * leading "-") meaning that number, which is how clients holding 64-bit ids as text send
 * them. Anything else (a @username, garbage, an unsafe integer) is returned unchanged.
 */
export function chatIdOf(value: unknown): unknown {
  if (typeof value !== "string" || !/^-?\d{1,16}$/.test(value)) return value;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value;
}

export function unixNow(): number {
  return Math.floor(Date.now() / 1000);
}
