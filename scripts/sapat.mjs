#!/usr/bin/env node
// The `sapat` command: runs the TypeScript CLI through tsx, so there is no build step.
import { register } from "tsx/esm/api";

register();
const { runCli } = await import("../bot/cli/main.ts");
// Exit as soon as the command is done: a bot stopped after its shutdown bound may still have
// a hung request open, and that must not keep the process alive.
process.exit(await runCli(process.argv.slice(2)));
