// Opens and clicks of the messages the app sends: an email carries a 1x1 image and its links go
// through a redirect, both on the app's own URL and signed with the app's link key
// (app/security/link-keys.server.ts), so a link cannot be forged for another message or another
// destination. Each records the delivery's progress (SENT → OPENED → CLICKED; never back), which
// analytics reads; a machine's open or click (Apple's image proxy, a link scanner) is kept apart and
// moves nothing (machine-engagement.ts). The delivery id signed stays true: a merge moves the delivery to the survivor.
import type { Db, DeliveryStatus } from "../db.server";
import {
  mac,
  sameText,
  signLink,
  verifyLink,
  type LinkKeys,
} from "../security/link-keys.server";
import { machineVerdict, type Touch } from "./machine-engagement";
import { withStatus } from "./message.server";

export function openPixelUrl(
  appUrl: string,
  keys: LinkKeys,
  deliveryId: string,
): string {
  return new URL(
    `/t/o/${deliveryId}/${signLink(keys, "open", deliveryId)}.gif`,
    appUrl,
  ).toString();
}

export function clickUrl(
  appUrl: string,
  keys: LinkKeys,
  deliveryId: string,
  target: string,
): string {
  const url = new URL(`/t/c/${deliveryId}`, appUrl);
  url.searchParams.set("u", target);
  url.searchParams.set("s", signLink(keys, "click", deliveryId, target));
  return url.toString();
}

// Links sent before link keys carry the same signature made with the Shopify API secret.
const verify = (keys: LinkKeys, signature: string, ...parts: string[]) =>
  verifyLink(keys, signature, ...parts) ||
  keys.legacy.some((secret) => sameText(signature, mac(secret, parts)));

export const verifyOpen = (
  keys: LinkKeys,
  deliveryId: string,
  signature: string,
) => verify(keys, signature, "open", deliveryId);
export const verifyClick = (
  keys: LinkKeys,
  deliveryId: string,
  target: string,
  signature: string,
) => verify(keys, signature, "click", deliveryId, target);

const ORDER: DeliveryStatus[] = ["SENT", "DELIVERED", "OPENED", "CLICKED"];

/** What the request that opened or clicked showed of its sender. */
export interface Visitor {
  method: string;
  userAgent: string | null;
}

export const visitorOf = (request: Request): Visitor => ({
  method: request.method,
  userAgent: request.headers.get("user-agent"),
});

/**
 * Moves a sent delivery forward to OPENED or CLICKED (a click implies an open); never backwards.
 * True when this call moved it, so the scenarios hear of it once. A machine's open or click
 * (machine-engagement.ts) moves nothing: its first is kept in machineOpenedAt / machineClickedAt.
 */
export async function recordEngagement(
  db: Db,
  deliveryId: string,
  status: Touch,
  at = new Date(),
  visitor?: Visitor,
): Promise<boolean> {
  const delivery = await db.delivery.findUnique({
    where: { id: deliveryId },
    select: {
      status: true,
      statusHistory: true,
      sentAt: true,
      machineOpenedAt: true,
    },
  });
  if (!delivery || !ORDER.includes(delivery.status)) return false;
  if (
    visitor &&
    machineVerdict(
      { touch: status, ...visitor, at },
      {
        sentAt: delivery.sentAt,
        opened:
          delivery.machineOpenedAt !== null ||
          ORDER.indexOf(delivery.status) >= ORDER.indexOf("OPENED"),
      },
    ).machine
  ) {
    // Its first one only: a second scanner's or a second fetch changes nothing.
    if (status === "OPENED")
      await db.delivery.updateMany({
        where: { id: deliveryId, machineOpenedAt: null },
        data: { machineOpenedAt: at },
      });
    else
      await db.delivery.updateMany({
        where: { id: deliveryId, machineClickedAt: null },
        data: { machineClickedAt: at },
      });
    return false;
  }
  if (ORDER.indexOf(delivery.status) >= ORDER.indexOf(status)) return false;
  // Compare-and-set on the status read: two requests at once record it once.
  const moved = await db.delivery.updateMany({
    where: { id: deliveryId, status: delivery.status },
    data: {
      status,
      statusHistory: withStatus(delivery.statusHistory, status, at),
    },
  });
  return moved.count > 0;
}
