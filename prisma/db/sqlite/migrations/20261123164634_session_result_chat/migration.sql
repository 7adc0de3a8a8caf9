-- AlterTable
ALTER TABLE "SessionResult" ADD COLUMN "chatId" TEXT;
