-- AlterTable
ALTER TABLE "Contact" ADD COLUMN "lastSeenAt" DATETIME;

-- CreateTable
CREATE TABLE "Cart" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "cartToken" TEXT,
    "contactId" TEXT,
    "email" TEXT,
    "shopifyCustomerId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'OPEN',
    "totalPrice" TEXT,
    "currency" TEXT,
    "lineItems" JSONB NOT NULL,
    "recoveryUrl" TEXT,
    "sourceUpdatedAt" DATETIME NOT NULL,
    "abandonAt" DATETIME,
    "abandonedAt" DATETIME,
    "orderedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Cart_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Cart_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ContactEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "contactId" TEXT,
    "type" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "sourceId" TEXT NOT NULL,
    "occurredAt" DATETIME NOT NULL,
    "payload" JSONB NOT NULL,
    "stale" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" DATETIME,
    CONSTRAINT "ContactEvent_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ContactEvent_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ContactEvent" ("contactId", "createdAt", "id", "occurredAt", "payload", "shopId", "source", "sourceId", "type") SELECT "contactId", "createdAt", "id", "occurredAt", "payload", "shopId", "source", "sourceId", "type" FROM "ContactEvent";
DROP TABLE "ContactEvent";
ALTER TABLE "new_ContactEvent" RENAME TO "ContactEvent";
CREATE INDEX "ContactEvent_processedAt_createdAt_idx" ON "ContactEvent"("processedAt", "createdAt");
CREATE INDEX "ContactEvent_contactId_occurredAt_idx" ON "ContactEvent"("contactId", "occurredAt");
CREATE INDEX "ContactEvent_shopId_type_occurredAt_idx" ON "ContactEvent"("shopId", "type", "occurredAt");
CREATE UNIQUE INDEX "ContactEvent_shopId_source_sourceId_key" ON "ContactEvent"("shopId", "source", "sourceId");
CREATE TABLE "new_ScenarioRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "scenarioId" TEXT NOT NULL,
    "scenarioVersion" INTEGER NOT NULL,
    "contactId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'ACTIVE',
    "state" JSONB NOT NULL,
    "stepId" TEXT,
    "nextDueAt" DATETIME,
    "variant" TEXT,
    "triggerEventId" TEXT,
    "exitReason" TEXT,
    "errorReason" TEXT,
    "errorStepId" TEXT,
    "activeKey" TEXT,
    "revision" INTEGER NOT NULL DEFAULT 0,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ScenarioRun_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ScenarioRun_scenarioId_fkey" FOREIGN KEY ("scenarioId") REFERENCES "Scenario" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ScenarioRun_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ScenarioRun" ("contactId", "endedAt", "errorReason", "errorStepId", "exitReason", "id", "nextDueAt", "scenarioId", "scenarioVersion", "shopId", "startedAt", "state", "status", "stepId", "triggerEventId", "updatedAt", "variant") SELECT "contactId", "endedAt", "errorReason", "errorStepId", "exitReason", "id", "nextDueAt", "scenarioId", "scenarioVersion", "shopId", "startedAt", "state", "status", "stepId", "triggerEventId", "updatedAt", "variant" FROM "ScenarioRun";
DROP TABLE "ScenarioRun";
ALTER TABLE "new_ScenarioRun" RENAME TO "ScenarioRun";
CREATE UNIQUE INDEX "ScenarioRun_activeKey_key" ON "ScenarioRun"("activeKey");
CREATE INDEX "ScenarioRun_status_nextDueAt_idx" ON "ScenarioRun"("status", "nextDueAt");
CREATE INDEX "ScenarioRun_scenarioId_status_idx" ON "ScenarioRun"("scenarioId", "status");
CREATE INDEX "ScenarioRun_contactId_scenarioId_idx" ON "ScenarioRun"("contactId", "scenarioId");
CREATE TABLE "new_Delivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "runId" TEXT,
    "contactId" TEXT NOT NULL,
    "stepId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "messageKey" TEXT NOT NULL,
    "marketing" BOOLEAN NOT NULL DEFAULT true,
    "message" JSONB,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "statusHistory" JSONB NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "provider" TEXT,
    "providerMessageId" TEXT,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" DATETIME,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Delivery_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Delivery_runId_fkey" FOREIGN KEY ("runId") REFERENCES "ScenarioRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Delivery_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Delivery" ("channel", "contactId", "createdAt", "error", "id", "idempotencyKey", "provider", "providerMessageId", "runId", "sentAt", "shopId", "status", "statusHistory", "stepId", "updatedAt") SELECT "channel", "contactId", "createdAt", "error", "id", "idempotencyKey", "provider", "providerMessageId", "runId", "sentAt", "shopId", "status", "statusHistory", "stepId", "updatedAt" FROM "Delivery";
DROP TABLE "Delivery";
ALTER TABLE "new_Delivery" RENAME TO "Delivery";
CREATE UNIQUE INDEX "Delivery_idempotencyKey_key" ON "Delivery"("idempotencyKey");
CREATE INDEX "Delivery_runId_idx" ON "Delivery"("runId");
CREATE INDEX "Delivery_contactId_channel_createdAt_idx" ON "Delivery"("contactId", "channel", "createdAt");
CREATE INDEX "Delivery_contactId_messageKey_idx" ON "Delivery"("contactId", "messageKey");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Cart_shopId_cartToken_idx" ON "Cart"("shopId", "cartToken");

-- CreateIndex
CREATE INDEX "Cart_contactId_idx" ON "Cart"("contactId");

-- CreateIndex
CREATE INDEX "Cart_shopId_email_idx" ON "Cart"("shopId", "email");

-- CreateIndex
CREATE UNIQUE INDEX "Cart_shopId_kind_token_key" ON "Cart"("shopId", "kind", "token");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookReceipt_shopDomain_webhookId_key" ON "WebhookReceipt"("shopDomain", "webhookId");

