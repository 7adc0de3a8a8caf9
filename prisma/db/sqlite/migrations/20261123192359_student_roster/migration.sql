-- CreateTable
CREATE TABLE "RosterEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "institutionId" INTEGER NOT NULL,
    "studentId" TEXT NOT NULL,
    "fullName" TEXT NOT NULL,
    "groupName" TEXT NOT NULL,
    "unitId" INTEGER NOT NULL,
    "course" INTEGER NOT NULL,
    "form" TEXT NOT NULL,
    "userId" INTEGER,
    "boundAt" DATETIME,
    "importedAt" DATETIME NOT NULL,
    CONSTRAINT "RosterEntry_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "RosterEntry_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "RosterEntry_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
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
    "roster" BOOLEAN NOT NULL DEFAULT false,
    "revokedAt" DATETIME,
    CONSTRAINT "Invite_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Invite_scopeUnitId_fkey" FOREIGN KEY ("scopeUnitId") REFERENCES "Unit" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Invite" ("codeHash", "course", "createdAt", "createdBy", "expiresAt", "form", "groupName", "id", "institutionId", "maxUses", "role", "scopeUnitId", "usedAt", "uses") SELECT "codeHash", "course", "createdAt", "createdBy", "expiresAt", "form", "groupName", "id", "institutionId", "maxUses", "role", "scopeUnitId", "usedAt", "uses" FROM "Invite";
DROP TABLE "Invite";
ALTER TABLE "new_Invite" RENAME TO "Invite";
CREATE UNIQUE INDEX "Invite_codeHash_key" ON "Invite"("codeHash");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "RosterEntry_userId_key" ON "RosterEntry"("userId");

-- CreateIndex
CREATE INDEX "RosterEntry_institutionId_groupName_idx" ON "RosterEntry"("institutionId", "groupName");

-- CreateIndex
CREATE UNIQUE INDEX "RosterEntry_institutionId_studentId_key" ON "RosterEntry"("institutionId", "studentId");
