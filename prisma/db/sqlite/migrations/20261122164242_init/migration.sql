-- CreateTable
CREATE TABLE "Institution" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "methodologyBase" TEXT NOT NULL DEFAULT 'admitted',
    "debtorsIncludeNotAdmitted" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Unit" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "institutionId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'faculty',
    "nameKy" TEXT,
    "nameRu" TEXT,
    "nameEn" TEXT,
    "parentId" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Unit_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Unit_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Unit" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Department" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "unitId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "nameKy" TEXT,
    "nameRu" TEXT,
    "nameEn" TEXT,
    CONSTRAINT "Department_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SessionResult" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "institutionId" INTEGER NOT NULL,
    "unitId" INTEGER NOT NULL,
    "year" TEXT NOT NULL,
    "term" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "form" TEXT NOT NULL,
    "course" INTEGER NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 1,
    "supersededAt" DATETIME,
    "countedInTotal" BOOLEAN NOT NULL DEFAULT true,
    "enrolled" INTEGER,
    "admitted" INTEGER,
    "notAdmittedExcused" INTEGER,
    "notAdmittedUnexcused" INTEGER,
    "passedAll" INTEGER,
    "excellentOnly" INTEGER,
    "excellentGood" INTEGER,
    "mixed" INTEGER,
    "satisfactoryOnly" INTEGER,
    "debts1" INTEGER,
    "debts2" INTEGER,
    "debts3plus" INTEGER,
    "noShow" INTEGER,
    "absoluteReported" REAL,
    "qualityReported" REAL,
    "debtorsReported" INTEGER,
    "debtorShareReported" REAL,
    "courseAbsoluteReported" TEXT,
    "source" TEXT NOT NULL,
    "enteredBy" TEXT NOT NULL,
    "enteredAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "importId" INTEGER,
    CONSTRAINT "SessionResult_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "SessionResult_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "SessionResult_importId_fkey" FOREIGN KEY ("importId") REFERENCES "ImportBatch" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PublishedTotal" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "institutionId" INTEGER NOT NULL,
    "year" TEXT NOT NULL,
    "term" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "supersededAt" DATETIME,
    "enrolled" INTEGER,
    "admitted" INTEGER,
    "passedAll" INTEGER,
    "absoluteReported" REAL,
    "debtorsReported" INTEGER,
    "debtorShareReported" REAL,
    "source" TEXT NOT NULL,
    "enteredBy" TEXT NOT NULL,
    "enteredAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "importId" INTEGER,
    CONSTRAINT "PublishedTotal_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "PublishedTotal_importId_fkey" FOREIGN KEY ("importId") REFERENCES "ImportBatch" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PublishedFigure" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "institutionId" INTEGER NOT NULL,
    "unitId" INTEGER NOT NULL,
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
    CONSTRAINT "PublishedFigure_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "PublishedFigure_importId_fkey" FOREIGN KEY ("importId") REFERENCES "ImportBatch" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ImportBatch" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "institutionId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "rowsRead" INTEGER NOT NULL,
    "rowsAdded" INTEGER NOT NULL,
    "enteredBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ImportBatch_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Institution_code_key" ON "Institution"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Unit_institutionId_code_key" ON "Unit"("institutionId", "code");

-- CreateIndex
CREATE UNIQUE INDEX "Department_unitId_code_key" ON "Department"("unitId", "code");

-- CreateIndex
CREATE INDEX "SessionResult_institutionId_year_term_stage_idx" ON "SessionResult"("institutionId", "year", "term", "stage");

-- CreateIndex
CREATE UNIQUE INDEX "SessionResult_unitId_year_term_stage_form_course_version_key" ON "SessionResult"("unitId", "year", "term", "stage", "form", "course", "version");

-- CreateIndex
CREATE UNIQUE INDEX "PublishedTotal_institutionId_year_term_stage_scope_version_key" ON "PublishedTotal"("institutionId", "year", "term", "stage", "scope", "version");

-- CreateIndex
CREATE UNIQUE INDEX "PublishedFigure_unitId_metric_year_term_stage_form_version_key" ON "PublishedFigure"("unitId", "metric", "year", "term", "stage", "form", "version");
