-- CreateEnum
CREATE TYPE "CartKind" AS ENUM ('CART', 'CHECKOUT');

-- CreateEnum
CREATE TYPE "CartStatus" AS ENUM ('OPEN', 'ORDERED', 'ABANDONED');

-- AlterTable
ALTER TABLE "Contact" ADD COLUMN     "lastSeenAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "ContactEvent" ADD COLUMN     "processedAt" TIMESTAMP(3),
ADD COLUMN     "stale" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "ScenarioRun" ADD COLUMN     "activeKey" TEXT,
ADD COLUMN     "revision" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN     "marketing" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "message" JSONB,
ADD COLUMN     "messageKey" TEXT NOT NULL;

-- CreateTable
CREATE TABLE "Cart" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "kind" "CartKind" NOT NULL,
    "token" TEXT NOT NULL,
    "cartToken" TEXT,
    "contactId" TEXT,
    "email" TEXT,
    "shopifyCustomerId" TEXT,
    "status" "CartStatus" NOT NULL DEFAULT 'OPEN',
    "totalPrice" TEXT,
    "currency" TEXT,
    "lineItems" JSONB NOT NULL,
    "recoveryUrl" TEXT,
    "sourceUpdatedAt" TIMESTAMP(3) NOT NULL,
    "abandonAt" TIMESTAMP(3),
    "abandonedAt" TIMESTAMP(3),
    "orderedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Cart_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Cart_shopId_cartToken_idx" ON "Cart"("shopId", "cartToken");

-- CreateIndex
CREATE INDEX "Cart_contactId_idx" ON "Cart"("contactId");

-- CreateIndex
CREATE INDEX "Cart_shopId_email_idx" ON "Cart"("shopId", "email");

-- CreateIndex
CREATE UNIQUE INDEX "Cart_shopId_kind_token_key" ON "Cart"("shopId", "kind", "token");

-- CreateIndex
CREATE INDEX "ContactEvent_processedAt_createdAt_idx" ON "ContactEvent"("processedAt", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ScenarioRun_activeKey_key" ON "ScenarioRun"("activeKey");

-- CreateIndex
CREATE INDEX "Delivery_contactId_messageKey_idx" ON "Delivery"("contactId", "messageKey");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookReceipt_shopDomain_webhookId_key" ON "WebhookReceipt"("shopDomain", "webhookId");

-- AddForeignKey
ALTER TABLE "Cart" ADD CONSTRAINT "Cart_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Cart" ADD CONSTRAINT "Cart_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE CASCADE ON UPDATE CASCADE;

