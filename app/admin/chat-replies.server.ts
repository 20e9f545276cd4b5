// The admin's Chat replies page: shoppers' chat replies, newest first, a page at a time, with the scenario
// whose message they answer; read or unread as the merchant marks them.
import type { Db } from "../db.server";
import { templateByKey } from "../scenarios/templates";

export const CHAT_REPLIES_PAGE_SIZE = 50;

export interface ChatReply {
  id: string;
  email: string | null;
  body: string;
  page: string | null;
  /** The scenario the reply answers, by language (a template's own name in each); null when unknown or deleted. */
  scenario: { en: string; ru?: string } | null;
  createdAt: string;
  read: boolean;
}

export interface ChatRepliesPage {
  messages: ChatReply[];
  unread: number;
  total: number;
  page: number;
  pageCount: number;
  /** The shop's zone: times read the same on the server's render and in the browser. */
  timeZone: string;
}

export async function listChatReplies(
  db: Db,
  domain: string,
  page = 1,
  pageSize = CHAT_REPLIES_PAGE_SIZE,
): Promise<ChatRepliesPage> {
  const shop = await db.shop.findUniqueOrThrow({
    where: { domain },
    select: { id: true, ianaTimezone: true },
  });
  const [total, unread] = await Promise.all([
    db.chatReply.count({ where: { shopId: shop.id } }),
    db.chatReply.count({ where: { shopId: shop.id, readAt: null } }),
  ]);
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const current = Math.min(Math.max(1, Math.floor(page) || 1), pageCount);
  const rows = await db.chatReply.findMany({
    where: { shopId: shop.id },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: (current - 1) * pageSize,
    take: pageSize,
  });
  // A rule id is "<scenario id>:<step id>" (app/storefront/rules.server.ts).
  const scenarioIds = [
    ...new Set(
      rows.flatMap((r) => (r.ruleId ? [r.ruleId.split(":")[0]!] : [])),
    ),
  ];
  const scenarios = scenarioIds.length
    ? await db.scenario.findMany({
        where: { shopId: shop.id, id: { in: scenarioIds } },
        select: { id: true, name: true, templateKey: true },
      })
    : [];
  const names = new Map(
    scenarios.map((s) => {
      const template = s.templateKey ? templateByKey(s.templateKey) : undefined;
      // A template's scenario not renamed by the merchant shows the template's name in each language.
      return [
        s.id,
        template && template.name.en === s.name
          ? { ...template.name }
          : { en: s.name },
      ];
    }),
  );
  return {
    messages: rows.map((r) => ({
      id: r.id,
      email: r.email,
      body: r.body,
      page: r.page,
      scenario: (r.ruleId && names.get(r.ruleId.split(":")[0]!)) || null,
      createdAt: r.createdAt.toISOString(),
      read: r.readAt !== null,
    })),
    unread,
    total,
    page: current,
    pageCount,
    timeZone: shop.ianaTimezone,
  };
}

/** Marks the shop's messages read (the given ones, or all); another shop's ids are ignored. */
export async function markChatRead(
  db: Db,
  domain: string,
  which: { ids: string[] } | "all",
  now = new Date(),
): Promise<number> {
  const shop = await db.shop.findUniqueOrThrow({
    where: { domain },
    select: { id: true },
  });
  const { count } = await db.chatReply.updateMany({
    where: {
      shopId: shop.id,
      readAt: null,
      ...(which === "all" ? {} : { id: { in: which.ids } }),
    },
    data: { readAt: now },
  });
  return count;
}
