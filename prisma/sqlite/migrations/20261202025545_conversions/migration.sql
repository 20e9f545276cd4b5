-- CreateTable
CREATE TABLE "Conversion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "contactId" TEXT NOT NULL,
    "scenarioId" TEXT NOT NULL,
    "runId" TEXT,
    "deliveryId" TEXT,
    "orderId" TEXT NOT NULL,
    "revenue" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "rule" TEXT NOT NULL,
    "windowDays" INTEGER,
    "occurredAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Conversion_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Conversion_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Conversion_scenarioId_fkey" FOREIGN KEY ("scenarioId") REFERENCES "Scenario" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Conversion_runId_fkey" FOREIGN KEY ("runId") REFERENCES "ScenarioRun" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Conversion_deliveryId_fkey" FOREIGN KEY ("deliveryId") REFERENCES "Delivery" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Conversion_scenarioId_occurredAt_idx" ON "Conversion"("scenarioId", "occurredAt");

-- CreateIndex
CREATE INDEX "Conversion_contactId_idx" ON "Conversion"("contactId");

-- CreateIndex
CREATE UNIQUE INDEX "Conversion_shopId_orderId_scenarioId_key" ON "Conversion"("shopId", "orderId", "scenarioId");

