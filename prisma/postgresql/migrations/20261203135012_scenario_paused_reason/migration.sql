-- AlterTable
ALTER TABLE "Scenario" ADD COLUMN     "pausedReason" TEXT;

