// A shopper's reply to a chat message: kept for the admin's Chat replies page with the address to answer.
// An address given here is for the reply only: it gives no marketing consent.
import { z } from "zod";
import { retryOnConflict, TX_OPTIONS, type Db } from "../db.server";
import { resolveContact } from "../events/identity.server";
import { normalizeEmail } from "../events/normalize";

export const ChatRequest = z.object({
  visitorId: z.string().min(1).max(200),
  message: z.string().trim().min(1, "Write a message").max(2000),
  email: z.email("Enter a valid email address").max(254).optional(),
  rule: z.string().max(100).optional(),
  page: z.string().max(500).optional(),
});
export type ChatRequest = z.infer<typeof ChatRequest>;

export async function storeChatReply(
  db: Db,
  shopId: string,
  request: ChatRequest & { loggedInCustomerId: string | null },
): Promise<string> {
  // Retried when another request created the same contact meanwhile (see retryOnConflict).
  return retryOnConflict(() =>
    db.$transaction(async (tx) => {
      const email = normalizeEmail(request.email);
      // The address is the browser's word: kept for the reply, never used to find who it is.
      const { contactId } = await resolveContact(
        tx,
        shopId,
        {
          visitorId: request.visitorId,
          ...(request.loggedInCustomerId
            ? { customerId: request.loggedInCustomerId }
            : {}),
        },
        { proof: true },
      );
      const contact = contactId
        ? await tx.contact.findUnique({
            where: { id: contactId },
            select: { email: true },
          })
        : null;
      const message = await tx.chatReply.create({
        data: {
          shopId,
          contactId,
          email: email ?? contact?.email ?? null,
          body: request.message,
          page: request.page ?? null,
          ruleId: request.rule ?? null,
        },
      });
      return message.id;
    }, TX_OPTIONS),
  );
}
