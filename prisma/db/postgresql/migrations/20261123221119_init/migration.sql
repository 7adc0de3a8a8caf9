-- CreateTable
CREATE TABLE "Institution" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "methodologyBase" TEXT NOT NULL DEFAULT 'admitted',
    "debtorsIncludeNotAdmitted" BOOLEAN NOT NULL DEFAULT true,
    "quietHoursStart" TEXT NOT NULL DEFAULT '21:00',
    "quietHoursEnd" TEXT NOT NULL DEFAULT '08:00',
    "timeZone" TEXT NOT NULL DEFAULT 'Asia/Bishkek',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Institution_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Unit" (
    "id" SERIAL NOT NULL,
    "institutionId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'faculty',
    "nameKy" TEXT,
    "nameRu" TEXT,
    "nameEn" TEXT,
    "parentId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Unit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UnitAlias" (
    "id" SERIAL NOT NULL,
    "unitId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "UnitAlias_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SessionResult" (
    "id" SERIAL NOT NULL,
    "institutionId" INTEGER NOT NULL,
    "unitId" INTEGER NOT NULL,
    "year" TEXT NOT NULL,
    "term" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "form" TEXT NOT NULL,
    "course" INTEGER NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 1,
    "supersededAt" TIMESTAMP(3),
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
    "absoluteReported" DOUBLE PRECISION,
    "qualityReported" DOUBLE PRECISION,
    "debtorsReported" INTEGER,
    "debtorShareReported" DOUBLE PRECISION,
    "courseAbsoluteReported" TEXT,
    "source" TEXT NOT NULL,
    "enteredBy" TEXT NOT NULL,
    "chatId" TEXT,
    "enteredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "importId" INTEGER,

    CONSTRAINT "SessionResult_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PublishedTotal" (
    "id" SERIAL NOT NULL,
    "institutionId" INTEGER NOT NULL,
    "year" TEXT NOT NULL,
    "term" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "supersededAt" TIMESTAMP(3),
    "enrolled" INTEGER,
    "admitted" INTEGER,
    "passedAll" INTEGER,
    "absoluteReported" DOUBLE PRECISION,
    "debtorsReported" INTEGER,
    "debtorShareReported" DOUBLE PRECISION,
    "source" TEXT NOT NULL,
    "enteredBy" TEXT NOT NULL,
    "enteredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "importId" INTEGER,

    CONSTRAINT "PublishedTotal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PublishedFigure" (
    "id" SERIAL NOT NULL,
    "institutionId" INTEGER NOT NULL,
    "unitId" INTEGER,
    "metric" TEXT NOT NULL,
    "year" TEXT NOT NULL,
    "term" TEXT NOT NULL DEFAULT '',
    "stage" TEXT NOT NULL DEFAULT '',
    "form" TEXT NOT NULL DEFAULT '',
    "value" DOUBLE PRECISION NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "supersededAt" TIMESTAMP(3),
    "source" TEXT NOT NULL,
    "enteredBy" TEXT NOT NULL,
    "enteredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "importId" INTEGER,

    CONSTRAINT "PublishedFigure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ImportBatch" (
    "id" SERIAL NOT NULL,
    "institutionId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "rowsRead" INTEGER NOT NULL,
    "rowsAdded" INTEGER NOT NULL,
    "enteredBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ImportBatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" SERIAL NOT NULL,
    "institutionId" INTEGER NOT NULL,
    "telegramId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "scopeUnitId" INTEGER,
    "language" TEXT,
    "firstName" TEXT,
    "username" TEXT,
    "course" INTEGER,
    "form" TEXT,
    "groupName" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "inviteId" INTEGER,
    "revokedAt" TIMESTAMP(3),
    "revokedBy" TEXT,
    "unreachableReason" TEXT,
    "unreachableAt" TIMESTAMP(3),

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NoticeOptOut" (
    "userId" INTEGER NOT NULL,
    "category" TEXT NOT NULL,

    CONSTRAINT "NoticeOptOut_pkey" PRIMARY KEY ("userId","category")
);

-- CreateTable
CREATE TABLE "Invite" (
    "id" SERIAL NOT NULL,
    "institutionId" INTEGER NOT NULL,
    "codeHash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "scopeUnitId" INTEGER,
    "course" INTEGER,
    "form" TEXT,
    "groupName" TEXT,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" TEXT NOT NULL,
    "maxUses" INTEGER NOT NULL DEFAULT 1,
    "uses" INTEGER NOT NULL DEFAULT 0,
    "usedAt" TIMESTAMP(3),
    "roster" BOOLEAN NOT NULL DEFAULT false,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "Invite_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Setting_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "Campaign" (
    "id" SERIAL NOT NULL,
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
    "progressEditedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Delivery" (
    "id" SERIAL NOT NULL,
    "campaignId" INTEGER NOT NULL,
    "userId" INTEGER NOT NULL,
    "chatId" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL,
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "messageId" INTEGER,
    "sentAt" TIMESTAMP(3),
    "errorKind" TEXT,
    "errorText" TEXT,
    "resends" INTEGER NOT NULL DEFAULT 0,
    "params" TEXT,

    CONSTRAINT "Delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Job" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "institutionId" INTEGER,
    "payload" TEXT NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "quietHours" BOOLEAN NOT NULL DEFAULT true,
    "state" TEXT NOT NULL DEFAULT 'due',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "ranAt" TIMESTAMP(3),
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Job_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WorkerLease" (
    "name" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "until" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WorkerLease_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "PracticeResult" (
    "id" SERIAL NOT NULL,
    "institutionId" INTEGER NOT NULL,
    "unitId" INTEGER NOT NULL,
    "year" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "assigned" INTEGER NOT NULL,
    "completed" INTEGER NOT NULL,
    "asOf" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "supersededAt" TIMESTAMP(3),
    "source" TEXT NOT NULL,
    "enteredBy" TEXT NOT NULL,
    "chatId" TEXT,
    "enteredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "importId" INTEGER,

    CONSTRAINT "PracticeResult_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DataRequest" (
    "id" SERIAL NOT NULL,
    "institutionId" INTEGER NOT NULL,
    "subject" TEXT NOT NULL,
    "year" TEXT NOT NULL,
    "detail" TEXT NOT NULL,
    "units" TEXT NOT NULL,
    "deadline" TIMESTAMP(3) NOT NULL,
    "leadDays" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "requesterChatId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'open',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "DataRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" SERIAL NOT NULL,
    "institutionId" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "chatId" TEXT,
    "action" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "reason" TEXT,
    "detail" TEXT NOT NULL DEFAULT '{}',

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Dialogue" (
    "chatId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Dialogue_pkey" PRIMARY KEY ("chatId")
);

-- CreateTable
CREATE TABLE "Upload" (
    "id" SERIAL NOT NULL,
    "institutionId" INTEGER NOT NULL,
    "telegramId" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "bytes" BYTEA NOT NULL,
    "metric" TEXT,
    "term" TEXT,
    "form" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "claimedAt" TIMESTAMP(3),
    "importId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Upload_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RosterEntry" (
    "id" SERIAL NOT NULL,
    "institutionId" INTEGER NOT NULL,
    "studentId" TEXT NOT NULL,
    "fullName" TEXT NOT NULL,
    "groupName" TEXT NOT NULL,
    "unitId" INTEGER NOT NULL,
    "course" INTEGER NOT NULL,
    "form" TEXT NOT NULL,
    "userId" INTEGER,
    "boundAt" TIMESTAMP(3),
    "importedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RosterEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ActionPlan" (
    "id" SERIAL NOT NULL,
    "institutionId" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "source" TEXT,
    "kind" TEXT NOT NULL DEFAULT 'resolution',
    "year" TEXT NOT NULL,
    "controllerText" TEXT NOT NULL,
    "controllerId" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ActionPlan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ActionItem" (
    "id" SERIAL NOT NULL,
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
    "doneAt" TIMESTAMP(3),
    "doneBy" TEXT,

    CONSTRAINT "ActionItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ActionStage" (
    "id" SERIAL NOT NULL,
    "itemId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "label" TEXT,
    "fromOn" TEXT,
    "dueOn" TEXT NOT NULL,
    "doneAt" TIMESTAMP(3),
    "doneBy" TEXT,

    CONSTRAINT "ActionStage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Programme" (
    "id" SERIAL NOT NULL,
    "institutionId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "nameKy" TEXT NOT NULL,
    "nameRu" TEXT,
    "nameEn" TEXT,
    "forms" TEXT NOT NULL DEFAULT '',
    "durationYears" DOUBLE PRECISION,
    "unitId" INTEGER NOT NULL,
    "leaderUserId" INTEGER,
    "leaderText" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Programme_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Licence" (
    "id" SERIAL NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Licence_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Accreditation" (
    "id" SERIAL NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Accreditation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Agency" (
    "id" SERIAL NOT NULL,
    "institutionId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "international" BOOLEAN NOT NULL DEFAULT false,
    "aliases" TEXT NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Agency_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Survey" (
    "id" SERIAL NOT NULL,
    "institutionId" INTEGER NOT NULL,
    "titleKy" TEXT NOT NULL,
    "titleRu" TEXT,
    "titleEn" TEXT,
    "formUrl" TEXT NOT NULL,
    "tokenField" TEXT,
    "audience" TEXT NOT NULL,
    "opensAt" TIMESTAMP(3) NOT NULL,
    "closesAt" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "createdBy" TEXT NOT NULL,
    "creatorChatId" TEXT,
    "reminderHours" TEXT NOT NULL DEFAULT '[72,24]',
    "reminderGapHours" INTEGER NOT NULL DEFAULT 24,
    "maxReminders" INTEGER NOT NULL DEFAULT 2,
    "launchedAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Survey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SurveyRecipient" (
    "id" SERIAL NOT NULL,
    "surveyId" INTEGER NOT NULL,
    "userId" INTEGER NOT NULL,
    "token" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "unitCode" TEXT,
    "course" INTEGER,
    "form" TEXT,
    "groupName" TEXT,
    "confirmedAt" TIMESTAMP(3),
    "respondedAt" TIMESTAMP(3),
    "remindersSent" INTEGER NOT NULL DEFAULT 0,
    "lastRemindedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SurveyRecipient_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SurveyResponse" (
    "id" SERIAL NOT NULL,
    "surveyId" INTEGER NOT NULL,
    "token" TEXT,
    "dedupeKey" TEXT NOT NULL,
    "unitCode" TEXT,
    "course" INTEGER,
    "submittedAt" TIMESTAMP(3),
    "answers" TEXT NOT NULL,
    "importBatch" TEXT NOT NULL,
    "line" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SurveyResponse_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Institution_code_key" ON "Institution"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Unit_institutionId_code_key" ON "Unit"("institutionId", "code");

-- CreateIndex
CREATE UNIQUE INDEX "UnitAlias_unitId_name_key" ON "UnitAlias"("unitId", "name");

-- CreateIndex
CREATE INDEX "SessionResult_institutionId_year_term_stage_idx" ON "SessionResult"("institutionId", "year", "term", "stage");

-- CreateIndex
CREATE INDEX "SessionResult_institutionId_supersededAt_year_term_stage_idx" ON "SessionResult"("institutionId", "supersededAt", "year", "term", "stage");

-- CreateIndex
CREATE INDEX "SessionResult_unitId_supersededAt_year_term_stage_idx" ON "SessionResult"("unitId", "supersededAt", "year", "term", "stage");

-- CreateIndex
CREATE UNIQUE INDEX "SessionResult_unitId_year_term_stage_form_course_version_key" ON "SessionResult"("unitId", "year", "term", "stage", "form", "course", "version");

-- CreateIndex
CREATE UNIQUE INDEX "PublishedTotal_institutionId_year_term_stage_scope_version_key" ON "PublishedTotal"("institutionId", "year", "term", "stage", "scope", "version");

-- CreateIndex
CREATE INDEX "PublishedFigure_institutionId_metric_year_idx" ON "PublishedFigure"("institutionId", "metric", "year");

-- CreateIndex
CREATE UNIQUE INDEX "PublishedFigure_unitId_metric_year_term_stage_form_version_key" ON "PublishedFigure"("unitId", "metric", "year", "term", "stage", "form", "version");

-- CreateIndex
CREATE UNIQUE INDEX "User_telegramId_key" ON "User"("telegramId");

-- CreateIndex
CREATE INDEX "User_institutionId_role_revokedAt_idx" ON "User"("institutionId", "role", "revokedAt");

-- CreateIndex
CREATE INDEX "User_inviteId_idx" ON "User"("inviteId");

-- CreateIndex
CREATE UNIQUE INDEX "Invite_codeHash_key" ON "Invite"("codeHash");

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
CREATE INDEX "PracticeResult_institutionId_year_supersededAt_idx" ON "PracticeResult"("institutionId", "year", "supersededAt");

-- CreateIndex
CREATE UNIQUE INDEX "PracticeResult_unitId_year_kind_version_key" ON "PracticeResult"("unitId", "year", "kind", "version");

-- CreateIndex
CREATE INDEX "DataRequest_institutionId_status_idx" ON "DataRequest"("institutionId", "status");

-- CreateIndex
CREATE INDEX "AuditEntry_institutionId_target_idx" ON "AuditEntry"("institutionId", "target");

-- CreateIndex
CREATE INDEX "AuditEntry_institutionId_at_idx" ON "AuditEntry"("institutionId", "at");

-- CreateIndex
CREATE INDEX "Upload_telegramId_createdAt_idx" ON "Upload"("telegramId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "RosterEntry_userId_key" ON "RosterEntry"("userId");

-- CreateIndex
CREATE INDEX "RosterEntry_institutionId_groupName_idx" ON "RosterEntry"("institutionId", "groupName");

-- CreateIndex
CREATE UNIQUE INDEX "RosterEntry_institutionId_studentId_key" ON "RosterEntry"("institutionId", "studentId");

-- CreateIndex
CREATE INDEX "ActionPlan_institutionId_idx" ON "ActionPlan"("institutionId");

-- CreateIndex
CREATE INDEX "ActionItem_planId_idx" ON "ActionItem"("planId");

-- CreateIndex
CREATE INDEX "ActionStage_dueOn_idx" ON "ActionStage"("dueOn");

-- CreateIndex
CREATE UNIQUE INDEX "ActionStage_itemId_position_key" ON "ActionStage"("itemId", "position");

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

-- CreateIndex
CREATE INDEX "Survey_institutionId_status_idx" ON "Survey"("institutionId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "SurveyRecipient_token_key" ON "SurveyRecipient"("token");

-- CreateIndex
CREATE INDEX "SurveyRecipient_userId_idx" ON "SurveyRecipient"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "SurveyRecipient_surveyId_userId_key" ON "SurveyRecipient"("surveyId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "SurveyResponse_surveyId_dedupeKey_key" ON "SurveyResponse"("surveyId", "dedupeKey");

-- AddForeignKey
ALTER TABLE "Unit" ADD CONSTRAINT "Unit_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Unit" ADD CONSTRAINT "Unit_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Unit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UnitAlias" ADD CONSTRAINT "UnitAlias_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionResult" ADD CONSTRAINT "SessionResult_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionResult" ADD CONSTRAINT "SessionResult_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionResult" ADD CONSTRAINT "SessionResult_importId_fkey" FOREIGN KEY ("importId") REFERENCES "ImportBatch"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PublishedTotal" ADD CONSTRAINT "PublishedTotal_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PublishedTotal" ADD CONSTRAINT "PublishedTotal_importId_fkey" FOREIGN KEY ("importId") REFERENCES "ImportBatch"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PublishedFigure" ADD CONSTRAINT "PublishedFigure_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PublishedFigure" ADD CONSTRAINT "PublishedFigure_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PublishedFigure" ADD CONSTRAINT "PublishedFigure_importId_fkey" FOREIGN KEY ("importId") REFERENCES "ImportBatch"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImportBatch" ADD CONSTRAINT "ImportBatch_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_scopeUnitId_fkey" FOREIGN KEY ("scopeUnitId") REFERENCES "Unit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_inviteId_fkey" FOREIGN KEY ("inviteId") REFERENCES "Invite"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NoticeOptOut" ADD CONSTRAINT "NoticeOptOut_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invite" ADD CONSTRAINT "Invite_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invite" ADD CONSTRAINT "Invite_scopeUnitId_fkey" FOREIGN KEY ("scopeUnitId") REFERENCES "Unit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Job" ADD CONSTRAINT "Job_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PracticeResult" ADD CONSTRAINT "PracticeResult_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PracticeResult" ADD CONSTRAINT "PracticeResult_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PracticeResult" ADD CONSTRAINT "PracticeResult_importId_fkey" FOREIGN KEY ("importId") REFERENCES "ImportBatch"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DataRequest" ADD CONSTRAINT "DataRequest_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEntry" ADD CONSTRAINT "AuditEntry_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Upload" ADD CONSTRAINT "Upload_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RosterEntry" ADD CONSTRAINT "RosterEntry_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RosterEntry" ADD CONSTRAINT "RosterEntry_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RosterEntry" ADD CONSTRAINT "RosterEntry_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ActionPlan" ADD CONSTRAINT "ActionPlan_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ActionItem" ADD CONSTRAINT "ActionItem_planId_fkey" FOREIGN KEY ("planId") REFERENCES "ActionPlan"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ActionItem" ADD CONSTRAINT "ActionItem_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ActionStage" ADD CONSTRAINT "ActionStage_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "ActionItem"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Programme" ADD CONSTRAINT "Programme_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Programme" ADD CONSTRAINT "Programme_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Programme" ADD CONSTRAINT "Programme_leaderUserId_fkey" FOREIGN KEY ("leaderUserId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Licence" ADD CONSTRAINT "Licence_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Licence" ADD CONSTRAINT "Licence_programmeId_fkey" FOREIGN KEY ("programmeId") REFERENCES "Programme"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Licence" ADD CONSTRAINT "Licence_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Accreditation" ADD CONSTRAINT "Accreditation_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Accreditation" ADD CONSTRAINT "Accreditation_programmeId_fkey" FOREIGN KEY ("programmeId") REFERENCES "Programme"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Accreditation" ADD CONSTRAINT "Accreditation_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Accreditation" ADD CONSTRAINT "Accreditation_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Agency" ADD CONSTRAINT "Agency_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Survey" ADD CONSTRAINT "Survey_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SurveyRecipient" ADD CONSTRAINT "SurveyRecipient_surveyId_fkey" FOREIGN KEY ("surveyId") REFERENCES "Survey"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SurveyRecipient" ADD CONSTRAINT "SurveyRecipient_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SurveyResponse" ADD CONSTRAINT "SurveyResponse_surveyId_fkey" FOREIGN KEY ("surveyId") REFERENCES "Survey"("id") ON DELETE CASCADE ON UPDATE CASCADE;
