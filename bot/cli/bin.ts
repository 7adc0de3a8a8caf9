// The `sapat` command as a process: runs the CLI on the arguments and exits with its code.
// scripts/sapat.mjs imports this (the build's or, through tsx, the source); `node
// dist/bot/cli/bin.js <command>` runs the build directly.
import { runCli } from "./main.ts";

// Exit as soon as the command is done: a bot stopped after its shutdown bound may still have
// a hung request open, and that must not keep the process alive.
process.exit(await runCli(process.argv.slice(2)));
