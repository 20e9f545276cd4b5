// Addresses the shop sends no more email to, on its provider's word: a hard bounce, soft bounces on
// several messages in a row, or a spam complaint. A bounced address gets nothing (it cannot
// receive); after a complaint, which is about marketing, order and shipping updates still go, and
// the person is unsubscribed too (email-events.server.ts).
// The merchant lifts a bounce once the address is fixed; a complaint is never lifted.
import type { Db, Prisma, SuppressionReason } from "../db.server";
import { normalizeEmail } from "../events/normalize";

/** Soft bounces on this many messages in a row, none delivered between, suppress the address. */
export const SOFT_BOUNCES_TO_SUPPRESS = 3;

/** What a skipped delivery records (Delivery.error), shown in the admin's language by ui/words/skipped.ts. */
export const SUPPRESSED_REASON: Record<SuppressionReason, string> = {
  HARD_BOUNCE: "the address bounced",
  SOFT_BOUNCES: "the address bounced several times",
  COMPLAINT: "the person marked an email as spam",
};

export interface Suppressed {
  reason: SuppressionReason;
  provider: string;
  detail: string | null;
  createdAt: Date;
}

export async function suppressionOf(
  db: Db,
  shopId: string,
  email: string,
): Promise<Suppressed | null> {
  const address = normalizeEmail(email);
  if (!address) return null;
  return db.emailSuppression.findUnique({
    where: { shopId_email: { shopId, email: address } },
    select: { reason: true, provider: true, detail: true, createdAt: true },
  });
}

/** Whether a message of this kind may go to a suppressed address: only transactional ones after a complaint. */
export const suppressionBlocks = (s: Suppressed, marketing: boolean) =>
  marketing || s.reason !== "COMPLAINT";

/** Records the address as suppressed, in the event's transaction: a complaint outranks a bounce and is never replaced. */
export async function suppress(
  tx: Prisma.TransactionClient,
  shopId: string,
  email: string,
  why: {
    reason: SuppressionReason;
    provider: string;
    detail: string | null;
    deliveryId: string;
  },
): Promise<void> {
  const address = normalizeEmail(email);
  if (!address) return;
  const key = { shopId_email: { shopId, email: address } };
  const existing = await tx.emailSuppression.findUnique({ where: key });
  if (
    existing &&
    (existing.reason === "COMPLAINT" || why.reason !== "COMPLAINT")
  )
    return;
  await tx.emailSuppression.upsert({
    where: key,
    create: { shopId, email: address, ...why },
    update: why,
  });
}

/** The merchant's list, newest first. */
export function listSuppressions(db: Db, shopId: string, take = 200) {
  return db.emailSuppression.findMany({
    where: { shopId },
    orderBy: { createdAt: "desc" },
    take,
    select: {
      id: true,
      email: true,
      reason: true,
      provider: true,
      detail: true,
      createdAt: true,
    },
  });
}

/** Lifts a bounce (the merchant fixed the address); a complaint stays. False when nothing was lifted. */
export async function liftSuppression(
  db: Db,
  shopId: string,
  id: string,
): Promise<boolean> {
  const { count } = await db.emailSuppression.deleteMany({
    where: { id, shopId, reason: { not: "COMPLAINT" } },
  });
  return count > 0;
}
