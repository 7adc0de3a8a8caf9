import pino from "pino";

/** JSON logs to stderr (stdout stays for the console's chat and the CLI's output). */
export function createLogger(level: string = process.env.LOG_LEVEL ?? "info"): pino.Logger {
  return pino({ level, base: { app: "sapat" } }, pino.destination(2));
}
