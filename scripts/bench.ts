// npm run bench: how Sapat scales, measured on this machine (not part of the tests).
// Speed is given as ratios against an anchor measured in the same run; memory as RSS.
import { benchAnswers } from "./bench/answers.ts";
import { benchCore } from "./bench/core.ts";
import { benchDelivery } from "./bench/delivery.ts";
import { benchImport } from "./bench/import.ts";
import { benchStartup, describeStartup } from "./bench/startup.ts";
import { benchSurvey } from "./bench/survey.ts";

const rows = Number(process.env.BENCH_ROWS ?? 50_000);

console.log("\n== Start-up: a command and the bot through tsx and from the build (npm run build), against node -e 0");
const startup = await benchStartup();
console.log(startup);
console.log(describeStartup(startup));

console.log(
  `\n== Answers: 100 chats ask /debtors at once, ${rows} results stored, the local Bot API answering like Telegram under load`,
);
const answers = await benchAnswers({ results: rows, chats: 100 });
console.log(answers);
console.log(
  `text answer p50 ${answers.textP50Ms} ms, p95 ${answers.textP95Ms} ms; with its chart p50 ${answers.p50Ms} ms, p95 ${answers.p95Ms} ms (${answers.answered}/${answers.chats} answered, ${answers.uploads} charts drawn, ${answers.tooManyRequests} sends refused with 429 and retried); RSS ${answers.rssBeforeMb} MB before, ${answers.peakRssMb} MB at peak`,
);

console.log(`\n== Import: ${rows} session rows from a CSV file, against raw better-sqlite3 in one transaction`);
const imp = await benchImport(rows);
console.log(imp);
console.log(
  `import ${imp.importMs} ms = ${imp.ratio}× the raw inserts (${imp.anchorMs} ms), ${imp.ratioFromFile}× reading, parsing and inserting the file raw (${imp.anchorFromFileMs} ms); peak RSS ${imp.rssMb} MB`,
);

const memorySends = Number(process.env.BENCH_MEMORY_SENDS ?? 20_000);
console.log(
  `\n== Delivery: the sender against the local Bot API — rate as a share of SAPAT_SEND_RATE 25/s (750 sends), memory across ${memorySends} sends`,
);
const delivery = await benchDelivery({ rateSends: 750, memorySends, memoryRate: 400 });
console.log(delivery);
console.log(
  `send rate ${delivery.rate.achievedPerSecond}/s = ${delivery.rate.shareOfLimit}% of the 25/s limit (most in any second: ${delivery.rate.maxInAnySecond}); worker RSS ${delivery.memory.rssFirstQuarterMb} MB in the first quarter of ${delivery.memory.sends} sends, ${delivery.memory.rssLastQuarterMb} MB in the last (heap ${delivery.memory.heapFirstQuarterMb} → ${delivery.memory.heapLastQuarterMb} MB, peak RSS ${delivery.memory.peakRssMb} MB)`,
);

console.log(
  "\n== Surveys: launching a survey to 7 000 students (recipients, tokens, campaign, deliveries), then sending at 25/s",
);
const survey = await benchSurvey({ students: 7_000, rate: 25, rateSends: 750 });
console.log(survey);
console.log(
  `queued in ${survey.queueMs} ms = ${survey.ratio}× raw better-sqlite3 inserts of the same rows (${survey.anchorMs} ms); RSS ${survey.rssBeforeMb} MB before, ${survey.launchPeakRssMb} MB at peak; send rate ${survey.achievedPerSecond}/s = ${survey.shareOfLimit}% of the 25/s limit over ${survey.sends} sends (most in any second: ${survey.maxInAnySecond}); worker peak RSS ${survey.workerPeakRssMb} MB`,
);

console.log("\n== Core and charts on a synthetic institution");
await benchCore();
