-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN     "machineClickedAt" TIMESTAMP(3),
ADD COLUMN     "machineOpenedAt" TIMESTAMP(3);

