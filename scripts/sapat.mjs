#!/usr/bin/env node
// The `sapat` command: runs the TypeScript CLI through tsx, so there is no build step.
import { register } from "tsx/esm/api";

register();
const { runCli } = await import("../bot/cli/main.ts");
process.exitCode = await runCli(process.argv.slice(2));
