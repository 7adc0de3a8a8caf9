/*
  Warnings:

  - You are about to drop the `Department` table. If the table is not empty, all the data it contains will be lost.

*/
-- DropIndex
DROP INDEX "Department_unitId_code_key";

-- DropTable
PRAGMA foreign_keys=off;
DROP TABLE "Department";
PRAGMA foreign_keys=on;

-- CreateTable
CREATE TABLE "PracticeResult" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "institutionId" INTEGER NOT NULL,
    "unitId" INTEGER NOT NULL,
    "year" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "assigned" INTEGER NOT NULL,
    "completed" INTEGER NOT NULL,
    "asOf" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "supersededAt" DATETIME,
    "source" TEXT NOT NULL,
    "enteredBy" TEXT NOT NULL,
    "chatId" TEXT,
    "enteredAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "importId" INTEGER,
    CONSTRAINT "PracticeResult_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "PracticeResult_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "PracticeResult_importId_fkey" FOREIGN KEY ("importId") REFERENCES "ImportBatch" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DataRequest" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "institutionId" INTEGER NOT NULL,
    "subject" TEXT NOT NULL,
    "year" TEXT NOT NULL,
    "detail" TEXT NOT NULL,
    "units" TEXT NOT NULL,
    "deadline" DATETIME NOT NULL,
    "leadDays" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "requesterChatId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'open',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" DATETIME,
    CONSTRAINT "DataRequest_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "institutionId" INTEGER NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "chatId" TEXT,
    "action" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "reason" TEXT,
    "detail" TEXT NOT NULL DEFAULT '{}',
    CONSTRAINT "AuditEntry_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Dialogue" (
    "chatId" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_PublishedFigure" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "institutionId" INTEGER NOT NULL,
    "unitId" INTEGER,
    "metric" TEXT NOT NULL,
    "year" TEXT NOT NULL,
    "term" TEXT NOT NULL DEFAULT '',
    "stage" TEXT NOT NULL DEFAULT '',
    "form" TEXT NOT NULL DEFAULT '',
    "value" REAL NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "supersededAt" DATETIME,
    "source" TEXT NOT NULL,
    "enteredBy" TEXT NOT NULL,
    "enteredAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "importId" INTEGER,
    CONSTRAINT "PublishedFigure_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "PublishedFigure_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "PublishedFigure_importId_fkey" FOREIGN KEY ("importId") REFERENCES "ImportBatch" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_PublishedFigure" ("enteredAt", "enteredBy", "form", "id", "importId", "institutionId", "metric", "source", "stage", "supersededAt", "term", "unitId", "value", "version", "year") SELECT "enteredAt", "enteredBy", "form", "id", "importId", "institutionId", "metric", "source", "stage", "supersededAt", "term", "unitId", "value", "version", "year" FROM "PublishedFigure";
DROP TABLE "PublishedFigure";
ALTER TABLE "new_PublishedFigure" RENAME TO "PublishedFigure";
CREATE INDEX "PublishedFigure_institutionId_metric_year_idx" ON "PublishedFigure"("institutionId", "metric", "year");
CREATE UNIQUE INDEX "PublishedFigure_unitId_metric_year_term_stage_form_version_key" ON "PublishedFigure"("unitId", "metric", "year", "term", "stage", "form", "version");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "PracticeResult_institutionId_year_supersededAt_idx" ON "PracticeResult"("institutionId", "year", "supersededAt");

-- CreateIndex
CREATE UNIQUE INDEX "PracticeResult_unitId_year_kind_version_key" ON "PracticeResult"("unitId", "year", "kind", "version");

-- CreateIndex
CREATE INDEX "DataRequest_institutionId_status_idx" ON "DataRequest"("institutionId", "status");

-- CreateIndex
CREATE INDEX "AuditEntry_institutionId_target_idx" ON "AuditEntry"("institutionId", "target");

-- CreateIndex
CREATE INDEX "AuditEntry_institutionId_at_idx" ON "AuditEntry"("institutionId", "at");
