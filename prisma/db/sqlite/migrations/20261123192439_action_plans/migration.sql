-- CreateTable
CREATE TABLE "ActionPlan" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "institutionId" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "source" TEXT,
    "kind" TEXT NOT NULL DEFAULT 'resolution',
    "year" TEXT NOT NULL,
    "controllerText" TEXT NOT NULL,
    "controllerId" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ActionPlan_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ActionItem" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "planId" INTEGER NOT NULL,
    "number" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "unitId" INTEGER,
    "responsibleText" TEXT NOT NULL,
    "responsible" TEXT NOT NULL,
    "deadlineText" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "evidenceNote" TEXT,
    "evidenceLink" TEXT,
    "evidenceFileId" TEXT,
    "evidenceFileName" TEXT,
    "doneAt" DATETIME,
    "doneBy" TEXT,
    CONSTRAINT "ActionItem_planId_fkey" FOREIGN KEY ("planId") REFERENCES "ActionPlan" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "ActionItem_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ActionStage" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "itemId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "label" TEXT,
    "fromOn" TEXT,
    "dueOn" TEXT NOT NULL,
    "doneAt" DATETIME,
    "doneBy" TEXT,
    CONSTRAINT "ActionStage_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "ActionItem" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ActionPlan_institutionId_idx" ON "ActionPlan"("institutionId");

-- CreateIndex
CREATE INDEX "ActionItem_planId_idx" ON "ActionItem"("planId");

-- CreateIndex
CREATE INDEX "ActionStage_dueOn_idx" ON "ActionStage"("dueOn");

-- CreateIndex
CREATE UNIQUE INDEX "ActionStage_itemId_position_key" ON "ActionStage"("itemId", "position");
