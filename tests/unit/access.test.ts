import { describe, expect, it } from "vitest";
import { type Access, can, canSeeUnit, resolveRequest } from "../../core/index.ts";

const dean: Access = { role: "dean", scope: { kind: "unit", unit: "МТФ", units: ["МТФ", "МТФ-кафедра"] } };
const leader: Access = { role: "leader", scope: { kind: "institution" } };
const student: Access = { role: "student", scope: { kind: "unit", unit: "МТФ", units: ["МТФ"] } };

describe("role and scope", () => {
  it("lets a dean see his unit and what is below it, nothing beside it", () => {
    expect(canSeeUnit(dean, "МТФ")).toBe(true);
    expect(canSeeUnit(dean, "МТФ-кафедра")).toBe(true);
    expect(canSeeUnit(dean, "ЭТИ")).toBe(false);
    expect(resolveRequest(dean, undefined)).toEqual({ ok: true, unit: "МТФ" });
    expect(resolveRequest(dean, "ЭТИ")).toEqual({ ok: false, reason: "denied", unit: "ЭТИ" });
    expect(resolveRequest(dean, null)).toEqual({ ok: false, reason: "denied", unit: null });
  });
  it("lets a leader see the institution and any unit", () => {
    expect(resolveRequest(leader, undefined)).toEqual({ ok: true, unit: null });
    expect(resolveRequest(leader, "ЭТИ")).toEqual({ ok: true, unit: "ЭТИ" });
    expect(resolveRequest({ role: "admin", scope: dean.scope }, null)).toEqual({ ok: true, unit: null });
  });
  it("gives students no figures", () => {
    expect(can(student, "viewFigures")).toBe(false);
    expect(resolveRequest(student, undefined)).toMatchObject({ ok: false, reason: "forbidden" });
    expect(can(leader, "manageUsers")).toBe(false);
  });
});
