// Opens and clicks of the messages the app sends: an email carries a 1x1 image and its links go
// through a redirect, both on the app's own URL and signed with the app's secret, so a link cannot
// be forged for another message or another destination. Each records the delivery's progress
// (SENT → OPENED → CLICKED; never back), which analytics reads.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Db, DeliveryStatus } from "../db.server";
import { withStatus } from "./copy.server";

const sign = (secret: string, ...parts: string[]) => createHmac("sha256", secret).update(parts.join("\n")).digest("base64url").slice(0, 32);

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export function openPixelUrl(appUrl: string, secret: string, deliveryId: string): string {
  return new URL(`/t/o/${deliveryId}/${sign(secret, "open", deliveryId)}.gif`, appUrl).toString();
}

export function clickUrl(appUrl: string, secret: string, deliveryId: string, target: string): string {
  const url = new URL(`/t/c/${deliveryId}`, appUrl);
  url.searchParams.set("u", target);
  url.searchParams.set("s", sign(secret, "click", deliveryId, target));
  return url.toString();
}

export const verifyOpen = (secret: string, deliveryId: string, signature: string) => same(signature, sign(secret, "open", deliveryId));
export const verifyClick = (secret: string, deliveryId: string, target: string, signature: string) => same(signature, sign(secret, "click", deliveryId, target));

const ORDER: DeliveryStatus[] = ["SENT", "DELIVERED", "OPENED", "CLICKED"];

/**
 * Moves a sent delivery forward to OPENED or CLICKED (a click implies an open); never backwards.
 * True when this call moved it, so the scenarios hear of it once.
 */
export async function recordEngagement(db: Db, deliveryId: string, status: "OPENED" | "CLICKED", at = new Date()): Promise<boolean> {
  const delivery = await db.delivery.findUnique({ where: { id: deliveryId }, select: { status: true, statusHistory: true } });
  if (!delivery || !ORDER.includes(delivery.status) || ORDER.indexOf(delivery.status) >= ORDER.indexOf(status)) return false;
  // Compare-and-set on the status read: two requests at once record it once.
  const moved = await db.delivery.updateMany({ where: { id: deliveryId, status: delivery.status }, data: { status, statusHistory: withStatus(delivery.statusHistory, status, at) } });
  return moved.count > 0;
}
