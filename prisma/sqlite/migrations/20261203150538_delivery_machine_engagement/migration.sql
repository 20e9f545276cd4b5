-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN "machineClickedAt" DATETIME;
ALTER TABLE "Delivery" ADD COLUMN "machineOpenedAt" DATETIME;

