-- AlterTable
ALTER TABLE "Shop" ADD COLUMN "emailEventsSince" DATETIME;

-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN "bounceKind" TEXT;
ALTER TABLE "Delivery" ADD COLUMN "bouncedAt" DATETIME;
ALTER TABLE "Delivery" ADD COLUMN "complainedAt" DATETIME;
ALTER TABLE "Delivery" ADD COLUMN "deliveredAt" DATETIME;
ALTER TABLE "Delivery" ADD COLUMN "providerDetail" TEXT;

-- CreateTable
CREATE TABLE "EmailSuppression" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "detail" TEXT,
    "deliveryId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "EmailSuppression_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "EmailEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "EmailEvent_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "EmailSuppression_shopId_email_key" ON "EmailSuppression"("shopId", "email");

-- CreateIndex
CREATE INDEX "EmailEvent_receivedAt_idx" ON "EmailEvent"("receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "EmailEvent_shopId_provider_eventId_key" ON "EmailEvent"("shopId", "provider", "eventId");

