-- CreateTable
CREATE TABLE "Erasure" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "customer" JSONB,
    "requestedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "touchedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leaseUntil" DATETIME,
    CONSTRAINT "Erasure_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Erasure_touchedAt_idx" ON "Erasure"("touchedAt");

-- CreateIndex
CREATE INDEX "Erasure_shopId_idx" ON "Erasure"("shopId");

-- CreateIndex
CREATE INDEX "ContactEvent_shopId_occurredAt_idx" ON "ContactEvent"("shopId", "occurredAt");

