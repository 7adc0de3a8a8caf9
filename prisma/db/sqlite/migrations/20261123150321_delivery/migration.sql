-- DropIndex
DROP INDEX "User_inviteId_key";

-- AlterTable
ALTER TABLE "User" ADD COLUMN "course" INTEGER;
ALTER TABLE "User" ADD COLUMN "form" TEXT;
ALTER TABLE "User" ADD COLUMN "groupName" TEXT;
ALTER TABLE "User" ADD COLUMN "unreachableAt" DATETIME;
ALTER TABLE "User" ADD COLUMN "unreachableReason" TEXT;

-- CreateTable
CREATE TABLE "NoticeOptOut" (
    "userId" INTEGER NOT NULL,
    "category" TEXT NOT NULL,

    PRIMARY KEY ("userId", "category"),
    CONSTRAINT "NoticeOptOut_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Campaign" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "institutionId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "audience" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "idempotencyKey" TEXT,
    "createdBy" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'sending',
    "draftStep" TEXT,
    "total" INTEGER NOT NULL DEFAULT 0,
    "progressChatId" TEXT,
    "progressMessageId" INTEGER,
    "progressEditedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    CONSTRAINT "Campaign_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Delivery" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "campaignId" INTEGER NOT NULL,
    "userId" INTEGER NOT NULL,
    "chatId" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL,
    "leaseOwner" TEXT,
    "leaseUntil" DATETIME,
    "messageId" INTEGER,
    "sentAt" DATETIME,
    "errorKind" TEXT,
    "errorText" TEXT,
    "resends" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "Delivery_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Delivery_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Job" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "institutionId" INTEGER,
    "payload" TEXT NOT NULL,
    "dueAt" DATETIME NOT NULL,
    "quietHours" BOOLEAN NOT NULL DEFAULT true,
    "state" TEXT NOT NULL DEFAULT 'due',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "leaseOwner" TEXT,
    "leaseUntil" DATETIME,
    "ranAt" DATETIME,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Job_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "WorkerLease" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "owner" TEXT NOT NULL,
    "until" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Institution" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "methodologyBase" TEXT NOT NULL DEFAULT 'admitted',
    "debtorsIncludeNotAdmitted" BOOLEAN NOT NULL DEFAULT true,
    "quietHoursStart" TEXT NOT NULL DEFAULT '21:00',
    "quietHoursEnd" TEXT NOT NULL DEFAULT '08:00',
    "timeZone" TEXT NOT NULL DEFAULT 'Asia/Bishkek',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_Institution" ("code", "createdAt", "debtorsIncludeNotAdmitted", "id", "methodologyBase", "name") SELECT "code", "createdAt", "debtorsIncludeNotAdmitted", "id", "methodologyBase", "name" FROM "Institution";
DROP TABLE "Institution";
ALTER TABLE "new_Institution" RENAME TO "Institution";
CREATE UNIQUE INDEX "Institution_code_key" ON "Institution"("code");
CREATE TABLE "new_Invite" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "institutionId" INTEGER NOT NULL,
    "codeHash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "scopeUnitId" INTEGER,
    "course" INTEGER,
    "form" TEXT,
    "groupName" TEXT,
    "expiresAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" TEXT NOT NULL,
    "maxUses" INTEGER NOT NULL DEFAULT 1,
    "uses" INTEGER NOT NULL DEFAULT 0,
    "usedAt" DATETIME,
    CONSTRAINT "Invite_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Invite_scopeUnitId_fkey" FOREIGN KEY ("scopeUnitId") REFERENCES "Unit" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Invite" ("codeHash", "createdAt", "createdBy", "expiresAt", "id", "institutionId", "role", "scopeUnitId", "usedAt") SELECT "codeHash", "createdAt", "createdBy", "expiresAt", "id", "institutionId", "role", "scopeUnitId", "usedAt" FROM "Invite";
DROP TABLE "Invite";
ALTER TABLE "new_Invite" RENAME TO "Invite";
CREATE UNIQUE INDEX "Invite_codeHash_key" ON "Invite"("codeHash");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Campaign_idempotencyKey_key" ON "Campaign"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Campaign_status_idx" ON "Campaign"("status");

-- CreateIndex
CREATE INDEX "Campaign_createdBy_status_idx" ON "Campaign"("createdBy", "status");

-- CreateIndex
CREATE INDEX "Delivery_state_nextAttemptAt_idx" ON "Delivery"("state", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "Delivery_campaignId_state_idx" ON "Delivery"("campaignId", "state");

-- CreateIndex
CREATE UNIQUE INDEX "Delivery_campaignId_userId_key" ON "Delivery"("campaignId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "Job_key_key" ON "Job"("key");

-- CreateIndex
CREATE INDEX "Job_state_dueAt_idx" ON "Job"("state", "dueAt");

-- CreateIndex
CREATE INDEX "User_institutionId_role_revokedAt_idx" ON "User"("institutionId", "role", "revokedAt");

-- CreateIndex
CREATE INDEX "User_inviteId_idx" ON "User"("inviteId");

-- Invites used before multi-use ones existed count as used up.
UPDATE "Invite" SET "uses" = 1 WHERE "usedAt" IS NOT NULL;
