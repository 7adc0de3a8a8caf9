-- CreateIndex
CREATE INDEX "SessionResult_institutionId_supersededAt_year_term_stage_idx" ON "SessionResult"("institutionId", "supersededAt", "year", "term", "stage");

-- CreateIndex
CREATE INDEX "SessionResult_unitId_supersededAt_year_term_stage_idx" ON "SessionResult"("unitId", "supersededAt", "year", "term", "stage");
