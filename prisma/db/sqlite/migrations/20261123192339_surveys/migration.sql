-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN "params" TEXT;

-- CreateTable
CREATE TABLE "Survey" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "institutionId" INTEGER NOT NULL,
    "titleKy" TEXT NOT NULL,
    "titleRu" TEXT,
    "titleEn" TEXT,
    "formUrl" TEXT NOT NULL,
    "tokenField" TEXT,
    "audience" TEXT NOT NULL,
    "opensAt" DATETIME NOT NULL,
    "closesAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "createdBy" TEXT NOT NULL,
    "creatorChatId" TEXT,
    "reminderHours" TEXT NOT NULL DEFAULT '[72,24]',
    "reminderGapHours" INTEGER NOT NULL DEFAULT 24,
    "maxReminders" INTEGER NOT NULL DEFAULT 2,
    "launchedAt" DATETIME,
    "closedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Survey_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SurveyRecipient" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "surveyId" INTEGER NOT NULL,
    "userId" INTEGER NOT NULL,
    "token" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "unitCode" TEXT,
    "course" INTEGER,
    "form" TEXT,
    "groupName" TEXT,
    "confirmedAt" DATETIME,
    "respondedAt" DATETIME,
    "remindersSent" INTEGER NOT NULL DEFAULT 0,
    "lastRemindedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SurveyRecipient_surveyId_fkey" FOREIGN KEY ("surveyId") REFERENCES "Survey" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SurveyRecipient_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Survey_institutionId_status_idx" ON "Survey"("institutionId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "SurveyRecipient_token_key" ON "SurveyRecipient"("token");

-- CreateIndex
CREATE INDEX "SurveyRecipient_userId_idx" ON "SurveyRecipient"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "SurveyRecipient_surveyId_userId_key" ON "SurveyRecipient"("surveyId", "userId");
