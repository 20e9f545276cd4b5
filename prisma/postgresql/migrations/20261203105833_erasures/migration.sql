-- CreateEnum
CREATE TYPE "ErasureKind" AS ENUM ('SHOP', 'CUSTOMER');

-- CreateTable
CREATE TABLE "Erasure" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "kind" "ErasureKind" NOT NULL,
    "customer" JSONB,
    "requestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "touchedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leaseUntil" TIMESTAMP(3),

    CONSTRAINT "Erasure_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Erasure_touchedAt_idx" ON "Erasure"("touchedAt");

-- CreateIndex
CREATE INDEX "Erasure_shopId_idx" ON "Erasure"("shopId");

-- CreateIndex
CREATE INDEX "ContactEvent_shopId_occurredAt_idx" ON "ContactEvent"("shopId", "occurredAt");

-- AddForeignKey
ALTER TABLE "Erasure" ADD CONSTRAINT "Erasure_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

