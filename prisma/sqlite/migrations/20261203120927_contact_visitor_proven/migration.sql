-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ContactVisitor" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "visitorId" TEXT NOT NULL,
    "contactId" TEXT NOT NULL,
    "proven" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ContactVisitor_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ContactVisitor" ("contactId", "createdAt", "id", "shopId", "visitorId") SELECT "contactId", "createdAt", "id", "shopId", "visitorId" FROM "ContactVisitor";
DROP TABLE "ContactVisitor";
ALTER TABLE "new_ContactVisitor" RENAME TO "ContactVisitor";
CREATE INDEX "ContactVisitor_contactId_idx" ON "ContactVisitor"("contactId");
CREATE UNIQUE INDEX "ContactVisitor_shopId_visitorId_key" ON "ContactVisitor"("shopId", "visitorId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

