-- CreateTable
CREATE TABLE "SurveyResponse" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "surveyId" INTEGER NOT NULL,
    "token" TEXT,
    "dedupeKey" TEXT NOT NULL,
    "unitCode" TEXT,
    "course" INTEGER,
    "submittedAt" DATETIME,
    "answers" TEXT NOT NULL,
    "importBatch" TEXT NOT NULL,
    "line" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SurveyResponse_surveyId_fkey" FOREIGN KEY ("surveyId") REFERENCES "Survey" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "SurveyResponse_surveyId_dedupeKey_key" ON "SurveyResponse"("surveyId", "dedupeKey");
