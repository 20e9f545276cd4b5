-- AlterTable
ALTER TABLE "ContactVisitor" ADD COLUMN     "proven" BOOLEAN NOT NULL DEFAULT true;

