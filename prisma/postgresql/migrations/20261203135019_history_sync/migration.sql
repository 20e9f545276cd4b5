-- CreateEnum
CREATE TYPE "HistoryPhase" AS ENUM ('CUSTOMERS', 'ORDERS', 'DONE', 'FAILED');

-- AlterTable
ALTER TABLE "Scenario" ADD COLUMN     "activatedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "HistorySync" (
    "shopId" TEXT NOT NULL,
    "phase" "HistoryPhase" NOT NULL DEFAULT 'CUSTOMERS',
    "bulkOperationId" TEXT,
    "linesDone" INTEGER NOT NULL DEFAULT 0,
    "objectCount" INTEGER NOT NULL DEFAULT 0,
    "customers" INTEGER NOT NULL DEFAULT 0,
    "orders" INTEGER NOT NULL DEFAULT 0,
    "recentOrdersOnly" BOOLEAN NOT NULL DEFAULT false,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "error" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "HistorySync_pkey" PRIMARY KEY ("shopId")
);

-- AddForeignKey
ALTER TABLE "HistorySync" ADD CONSTRAINT "HistorySync_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

