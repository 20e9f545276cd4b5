-- CreateTable
CREATE TABLE "ContactMerge" (
    "fromId" TEXT NOT NULL PRIMARY KEY,
    "intoId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ContactMerge_intoId_fkey" FOREIGN KEY ("intoId") REFERENCES "Contact" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "EmailOptOut" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "addressHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "EmailOptOut_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ContactMerge_intoId_idx" ON "ContactMerge"("intoId");

-- CreateIndex
CREATE UNIQUE INDEX "EmailOptOut_shopId_addressHash_key" ON "EmailOptOut"("shopId", "addressHash");

