-- CreateTable
CREATE TABLE "Programme" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "institutionId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "nameKy" TEXT NOT NULL,
    "nameRu" TEXT,
    "nameEn" TEXT,
    "forms" TEXT NOT NULL DEFAULT '',
    "durationYears" REAL,
    "unitId" INTEGER NOT NULL,
    "leaderUserId" INTEGER,
    "leaderText" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Programme_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Programme_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Programme_leaderUserId_fkey" FOREIGN KEY ("leaderUserId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Licence" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "institutionId" INTEGER NOT NULL,
    "programmeId" INTEGER NOT NULL,
    "basis" TEXT NOT NULL,
    "unitId" INTEGER NOT NULL,
    "state" TEXT NOT NULL,
    "appliedOn" TEXT,
    "decidedOn" TEXT,
    "validUntil" TEXT,
    "number" TEXT,
    "year" TEXT,
    "enteredBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Licence_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Licence_programmeId_fkey" FOREIGN KEY ("programmeId") REFERENCES "Programme" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Licence_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Accreditation" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "institutionId" INTEGER NOT NULL,
    "programmeId" INTEGER,
    "unitId" INTEGER,
    "kind" TEXT NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "framework" TEXT,
    "decisionDate" TEXT NOT NULL,
    "termYears" INTEGER NOT NULL DEFAULT 5,
    "expiresOn" TEXT NOT NULL,
    "conditions" TEXT,
    "enteredBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Accreditation_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Accreditation_programmeId_fkey" FOREIGN KEY ("programmeId") REFERENCES "Programme" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Accreditation_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Accreditation_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Agency" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "institutionId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "international" BOOLEAN NOT NULL DEFAULT false,
    "aliases" TEXT NOT NULL DEFAULT '[]',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Agency_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Programme_institutionId_unitId_idx" ON "Programme"("institutionId", "unitId");

-- CreateIndex
CREATE UNIQUE INDEX "Programme_institutionId_code_level_key" ON "Programme"("institutionId", "code", "level");

-- CreateIndex
CREATE INDEX "Licence_institutionId_year_idx" ON "Licence"("institutionId", "year");

-- CreateIndex
CREATE INDEX "Licence_programmeId_idx" ON "Licence"("programmeId");

-- CreateIndex
CREATE INDEX "Accreditation_institutionId_expiresOn_idx" ON "Accreditation"("institutionId", "expiresOn");

-- CreateIndex
CREATE INDEX "Accreditation_programmeId_decisionDate_idx" ON "Accreditation"("programmeId", "decisionDate");

-- CreateIndex
CREATE UNIQUE INDEX "Agency_institutionId_code_key" ON "Agency"("institutionId", "code");
