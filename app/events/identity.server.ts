// Identity stitching: visitor id ↔ cart token ↔ checkout token ↔ customer id ↔ email, one contact.
// When an event proves two contacts are one person (a visitor who logs in, a checkout that names
// an email), they merge into one and keep the history of both.
// A browser that typed an address new to the shop is linked unproven (see capture.server.ts): when
// Shopify's word (a signed webhook, a signed logged-in customer) ties the contact to a browser, that
// browser's group proves itself, or, if it is another, the unproven links are dropped.
import type { Contact, Prisma } from "../db.server";
import type { Identity } from "./normalize";

type Tx = Prisma.TransactionClient;

export interface Resolved {
  contactId: string | null;
  /** The contact had no email before this event. */
  emailCaptured: boolean;
}

export interface ResolveOptions {
  /** The identity's customer id or email is Shopify's signed word, not the browser's. */
  proof?: boolean;
}

/** Finds, creates or merges the contact the identity names; null when it names nobody yet (an anonymous cart). */
export async function resolveContact(
  tx: Tx,
  shopId: string,
  identity: Identity,
  options: ResolveOptions = {},
): Promise<Resolved> {
  const { customerId, email, visitorId, cartToken, checkoutToken } = identity;
  const byCustomer = customerId
    ? await tx.contact.findUnique({
        where: {
          shopId_shopifyCustomerId: { shopId, shopifyCustomerId: customerId },
        },
      })
    : null;
  const byEmail = email
    ? await tx.contact.findUnique({
        where: { shopId_email: { shopId, email } },
      })
    : null;
  const linkedIds = new Set<string>();
  if (visitorId) {
    const link = await tx.contactVisitor.findUnique({
      where: { shopId_visitorId: { shopId, visitorId } },
    });
    if (link) linkedIds.add(link.contactId);
  }
  const tokens: Prisma.CartWhereInput[] = [];
  let vouched = false;
  const ownIds = [...linkedIds];
  if (checkoutToken) tokens.push({ kind: "CHECKOUT", token: checkoutToken });
  if (cartToken)
    tokens.push(
      { kind: "CART", token: cartToken },
      { kind: "CHECKOUT", cartToken },
    );
  if (tokens.length) {
    const carts = await tx.cart.findMany({
      where: { shopId, contactId: { not: null }, OR: tokens },
      select: { contactId: true, email: true, shopifyCustomerId: true },
    });
    carts.forEach((c) => linkedIds.add(c.contactId!));
    // A browser reporting a checkout Shopify's webhook already named (it came first) proves itself as the webhook would have.
    vouched = Boolean(
      visitorId && carts.some((c) => c.email || c.shopifyCustomerId),
    );
  }
  const linked = linkedIds.size
    ? await tx.contact.findMany({
        where: { id: { in: [...linkedIds] } },
        orderBy: { createdAt: "asc" },
      })
    : [];

  // The strongest key wins: a customer id, then an email, then the oldest linked contact.
  let survivor: Contact | null = byCustomer ?? byEmail ?? linked[0] ?? null;
  if (
    customerId &&
    survivor?.shopifyCustomerId &&
    survivor.shopifyCustomerId !== customerId
  ) {
    // The browser or cart belongs to another customer (a shared device): this is someone else.
    const ownEmail = email && !byEmail ? email : null;
    const created = await tx.contact.create({
      data: {
        shopId,
        shopifyCustomerId: customerId,
        email: ownEmail,
        tags: [],
      },
    });
    return { contactId: created.id, emailCaptured: Boolean(ownEmail) };
  }
  // The browsers this proof ties (the visitor, those of the contacts its tokens name), read before merges move them.
  const provers =
    options.proof && (customerId || email)
      ? await browsersOf(tx, shopId, visitorId, [...linkedIds], survivor?.id)
      : vouched
        ? await browsersOf(tx, shopId, visitorId, ownIds, survivor?.id)
        : null;
  const others = [byEmail, ...linked].filter(
    (c): c is Contact => c !== null && c.id !== survivor?.id,
  );
  for (const other of dedupe(others)) {
    // Two known customers are two people (a shared device): link nothing between them.
    if (
      other.shopifyCustomerId &&
      survivor?.shopifyCustomerId &&
      other.shopifyCustomerId !== survivor.shopifyCustomerId
    )
      continue;
    if (
      other.email &&
      survivor?.email &&
      other.email !== survivor.email &&
      (other.shopifyCustomerId || survivor.shopifyCustomerId)
    )
      continue;
    survivor = await merge(tx, survivor!, other);
  }

  if (!survivor) {
    if (!customerId && !email && !visitorId)
      return { contactId: null, emailCaptured: false };
    survivor = await tx.contact.create({
      data: {
        shopId,
        shopifyCustomerId: customerId ?? null,
        email: email ?? null,
        tags: [],
      },
    });
    if (visitorId) await linkVisitor(tx, shopId, visitorId, survivor.id);
    await claimCarts(tx, shopId, tokens, survivor.id);
    return { contactId: survivor.id, emailCaptured: Boolean(email) };
  }

  const fill: Prisma.ContactUpdateInput = {};
  if (customerId && !survivor.shopifyCustomerId && !byCustomer)
    fill.shopifyCustomerId = customerId;
  const emailCaptured = Boolean(
    email && !survivor.email && (!byEmail || byEmail.id === survivor.id),
  );
  if (emailCaptured) fill.email = email;
  if (Object.keys(fill).length)
    survivor = await tx.contact.update({
      where: { id: survivor.id },
      data: fill,
    });
  if (visitorId) await linkVisitor(tx, shopId, visitorId, survivor.id);
  await claimCarts(tx, shopId, tokens, survivor.id);
  if (provers) await settleProof(tx, survivor.id, provers);
  return { contactId: survivor.id, emailCaptured };
}

interface Provers {
  visitorIds: string[];
  /** One of them was linked unproven: the browsers that typed the address prove it. */
  unproven: boolean;
}

async function browsersOf(
  tx: Tx,
  shopId: string,
  visitorId: string | undefined,
  contactIds: string[],
  contactId: string | undefined,
): Promise<Provers> {
  const links = await tx.contactVisitor.findMany({
    where: {
      shopId,
      OR: [
        { contactId: { in: contactIds } },
        ...(visitorId ? [{ visitorId }] : []),
      ],
    },
    select: { visitorId: true, contactId: true, proven: true },
  });
  const visitorIds = [
    ...new Set([
      ...links.map((l) => l.visitorId),
      ...(visitorId ? [visitorId] : []),
    ]),
  ];
  return {
    visitorIds,
    unproven: links.some((l) => !l.proven && l.contactId === contactId),
  };
}

/** Proof for the contact by some browsers: theirs become proven; the unproven links of others are dropped. */
async function settleProof(
  tx: Tx,
  contactId: string,
  provers: Provers,
): Promise<void> {
  // The proving browsers must have joined the contact (not two customers kept apart).
  if (
    !(await tx.contactVisitor.count({
      where: { contactId, visitorId: { in: provers.visitorIds } },
    }))
  )
    return;
  if (provers.unproven)
    return void (await tx.contactVisitor.updateMany({
      where: { contactId, proven: false },
      data: { proven: true },
    }));
  await tx.contactVisitor.updateMany({
    where: { contactId, proven: false, visitorId: { in: provers.visitorIds } },
    data: { proven: true },
  });
  await tx.contactVisitor.deleteMany({ where: { contactId, proven: false } });
}

/** Anonymous carts (carts/* webhooks name no one) join the contact an event links them to. */
async function claimCarts(
  tx: Tx,
  shopId: string,
  tokens: Prisma.CartWhereInput[],
  contactId: string,
): Promise<void> {
  if (tokens.length)
    await tx.cart.updateMany({
      where: { shopId, contactId: null, OR: tokens },
      data: { contactId },
    });
}

async function linkVisitor(
  tx: Tx,
  shopId: string,
  visitorId: string,
  contactId: string,
): Promise<void> {
  // A visitor id already linked to someone merge() left apart stays theirs.
  if (
    await tx.contactVisitor.findUnique({
      where: { shopId_visitorId: { shopId, visitorId } },
    })
  )
    return;
  // A browser joining a contact through unproven browsers (their cart token) is no more proven than they are.
  const proven = !(await tx.contactVisitor.count({
    where: { contactId, proven: false },
  }));
  await tx.contactVisitor.upsert({
    where: { shopId_visitorId: { shopId, visitorId } },
    create: { shopId, visitorId, contactId, proven },
    update: {},
  });
}

/**
 * A browser proved to be the contact's (Shopify's signed logged-in customer, a confirmation link
 * clicked from the contact's inbox) joins them. The anonymous contact it had merges in (its code,
 * carts and runs were this person's); a known person's contact keeps its history and loses the
 * browser (a shared device now used by the one who proved it).
 */
export async function joinVisitor(
  tx: Tx,
  shopId: string,
  visitorId: string,
  contactId: string,
): Promise<void> {
  const provers = await browsersOf(tx, shopId, visitorId, [], contactId);
  const link = await tx.contactVisitor.findUnique({
    where: { shopId_visitorId: { shopId, visitorId } },
    include: { contact: true },
  });
  if (!link)
    await tx.contactVisitor.create({ data: { shopId, visitorId, contactId } });
  else if (link.contactId === contactId) {
    // Already the contact's.
  } else if (link.contact.email || link.contact.shopifyCustomerId)
    await tx.contactVisitor.update({
      where: { id: link.id },
      data: { contactId },
    });
  else
    await merge(
      tx,
      await tx.contact.findUniqueOrThrow({ where: { id: contactId } }),
      link.contact,
    );
  await settleProof(tx, contactId, provers);
}

const dedupe = (contacts: Contact[]) => [
  ...new Map(contacts.map((c) => [c.id, c])).values(),
];

const earliest = (a: Date | null, b: Date | null) =>
  a && b ? (a < b ? a : b) : (a ?? b);
const latest = (a: Date | null, b: Date | null) =>
  a && b ? (a > b ? a : b) : (a ?? b);

/** Moves everything of `other` to `survivor`, combines their facts, and deletes `other`. */
export async function merge(
  tx: Tx,
  survivor: Contact,
  other: Contact,
): Promise<Contact> {
  const move = {
    where: { contactId: other.id },
    data: { contactId: survivor.id },
  };
  // Browsers that share a contact with unproven ones (a cart token) are unproven with them.
  const both = { contactId: { in: [survivor.id, other.id] } };
  if (await tx.contactVisitor.count({ where: { ...both, proven: false } }))
    await tx.contactVisitor.updateMany({
      where: both,
      data: { proven: false },
    });
  await tx.contactVisitor.updateMany(move);
  await tx.contactEvent.updateMany(move);
  await tx.delivery.updateMany(move);
  await tx.cart.updateMany(move);
  await tx.pushSubscription.updateMany(move);
  await tx.discountCode.updateMany(move);
  await tx.conversion.updateMany(move);
  // One open run per scenario: the survivor's stays, the other's ends.
  const open = await tx.scenarioRun.findMany({
    where: { contactId: survivor.id, activeKey: { not: null } },
    select: { scenarioId: true },
  });
  await tx.scenarioRun.updateMany({
    where: {
      contactId: other.id,
      activeKey: { not: null },
      scenarioId: { in: open.map((r) => r.scenarioId) },
    },
    data: {
      status: "EXITED",
      exitReason: "merged_into_another_contact",
      activeKey: null,
      nextDueAt: null,
      endedAt: new Date(),
    },
  });
  const moving = await tx.scenarioRun.findMany({
    where: { contactId: other.id, activeKey: { not: null } },
    select: { id: true, scenarioId: true },
  });
  for (const run of moving) {
    await tx.scenarioRun.update({
      where: { id: run.id },
      data: { activeKey: `${run.scenarioId}:${survivor.id}` },
    });
  }
  await tx.scenarioRun.updateMany(move);
  // Links signed over the other's id (sent before link keys) find the survivor: one hop, always.
  await tx.contactMerge.updateMany({
    where: { intoId: other.id },
    data: { intoId: survivor.id },
  });
  await tx.contactMerge.create({
    data: { fromId: other.id, intoId: survivor.id },
  });
  await tx.contact.delete({ where: { id: other.id } });

  const newerConsent =
    (other.consentUpdatedAt?.valueOf() ?? -1) >
    (survivor.consentUpdatedAt?.valueOf() ?? -1);
  const tags = [
    ...new Set([...asStrings(survivor.tags), ...asStrings(other.tags)]),
  ];
  return tx.contact.update({
    where: { id: survivor.id },
    data: {
      shopifyCustomerId: survivor.shopifyCustomerId ?? other.shopifyCustomerId,
      email: survivor.email ?? other.email,
      phone: survivor.phone ?? other.phone,
      firstName: survivor.firstName ?? other.firstName,
      lastName: survivor.lastName ?? other.lastName,
      locale: survivor.locale ?? other.locale,
      timezone: survivor.timezone ?? other.timezone,
      ...(newerConsent
        ? {
            emailConsent: other.emailConsent,
            consentUpdatedAt: other.consentUpdatedAt,
          }
        : {}),
      tags,
      isTest: survivor.isTest || other.isTest,
      visitCount: survivor.visitCount + other.visitCount,
      firstVisitAt: earliest(survivor.firstVisitAt, other.firstVisitAt),
      lastVisitAt: latest(survivor.lastVisitAt, other.lastVisitAt),
      lastSeenAt: latest(survivor.lastSeenAt, other.lastSeenAt),
      orderCount: survivor.orderCount + other.orderCount,
      lastOrderAt: latest(survivor.lastOrderAt, other.lastOrderAt),
      createdAt: earliest(survivor.createdAt, other.createdAt)!,
    },
  });
}

export const asStrings = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.filter((v): v is string => typeof v === "string")
    : [];
