// The admin's Chat replies page: shoppers' chat replies, newest first, fifty a page; each marked read on its
// own or all at once; answered by email when the shopper left an address.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigate } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Box,
  Button,
  Card,
  Divider,
  EmptyState,
  InlineStack,
  Link,
  Page,
  Pagination,
  Text,
} from "@shopify/polaris";
import { z } from "zod";
import db from "../db.server";
import { authenticate } from "../shopify.server";
import {
  listChatReplies,
  markChatRead,
  type ChatReply,
} from "../admin/chat-replies.server";
import { chatRepliesWords } from "../ui/words/chat-replies";
import { pick, useLocale, useT } from "../ui/i18n";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const page = Number(new URL(request.url).searchParams.get("page") ?? 1);
  return listChatReplies(db, session.shop, page);
};

const MarkRead = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("read"), id: z.string().min(1).max(100) }),
  z.object({ intent: z.literal("readAll") }),
]);

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = MarkRead.safeParse(
    Object.fromEntries(await request.formData()),
  );
  if (!parsed.success) throw new Response("Bad request", { status: 400 });
  const marked = await markChatRead(
    db,
    session.shop,
    parsed.data.intent === "readAll" ? "all" : { ids: [parsed.data.id] },
  );
  return { marked };
};

function Message({
  message,
  timeZone,
}: {
  message: ChatReply;
  timeZone: string;
}) {
  const t = useT(chatRepliesWords);
  const locale = useLocale();
  const fetcher = useFetcher<typeof action>();
  // Shown read at once; the list's next load agrees.
  const read =
    message.read || fetcher.state !== "idle" || fetcher.data !== undefined;
  return (
    <Box paddingBlock="300">
      <BlockStack gap="200">
        <InlineStack gap="200" blockAlign="center" align="space-between">
          <InlineStack gap="200" blockAlign="center">
            {read ? null : <Badge tone="attention">{t("new")}</Badge>}
            <Text as="span" variant="headingSm">
              {message.email ?? t("visitor")}
            </Text>
            <Text as="span" tone="subdued">
              {new Date(message.createdAt).toLocaleString(locale, {
                timeZone,
                dateStyle: "medium",
                timeStyle: "short",
              })}
            </Text>
            {message.page ? (
              <Text as="span" tone="subdued">
                {t("onPage", { page: message.page })}
              </Text>
            ) : null}
          </InlineStack>
          <InlineStack gap="200">
            {message.email ? (
              <Link
                url={`mailto:${message.email}?subject=${encodeURIComponent(t("replySubject"))}`}
                target="_blank"
              >
                {t("reply")}
              </Link>
            ) : null}
            {read ? null : (
              <Button
                size="slim"
                onClick={() =>
                  fetcher.submit(
                    { intent: "read", id: message.id },
                    { method: "post" },
                  )
                }
              >
                {t("markRead")}
              </Button>
            )}
          </InlineStack>
        </InlineStack>
        {message.scenario ? (
          <Text as="p" tone="subdued">
            {t("answers", { scenario: pick(message.scenario, locale) })}
          </Text>
        ) : null}
        <Text as="p">
          <span style={{ whiteSpace: "pre-wrap" }}>{message.body}</span>
        </Text>
      </BlockStack>
    </Box>
  );
}

export default function ChatReplies() {
  const { messages, unread, page, pageCount, timeZone } =
    useLoaderData<typeof loader>();
  const t = useT(chatRepliesWords);
  const navigate = useNavigate();
  const all = useFetcher<typeof action>();
  return (
    <Page
      title={t("title")}
      titleMetadata={
        unread ? (
          <Badge tone="attention">{t("unread", { count: unread })}</Badge>
        ) : undefined
      }
      primaryAction={{
        content: t("markAllRead"),
        disabled: unread === 0,
        loading: all.state !== "idle",
        onAction: () => all.submit({ intent: "readAll" }, { method: "post" }),
      }}
    >
      <BlockStack gap="400">
        <Text as="p" tone="subdued">
          {t("intro")}
        </Text>
        <Card>
          {messages.length === 0 ? (
            <EmptyState heading={t("emptyTitle")} image="">
              <p>{t("emptyBody")}</p>
            </EmptyState>
          ) : (
            <BlockStack>
              {messages.map((m, i) => (
                <BlockStack key={m.id}>
                  {i > 0 ? <Divider /> : null}
                  <Message
                    key={`${m.id}:${m.read}`}
                    message={m}
                    timeZone={timeZone}
                  />
                </BlockStack>
              ))}
            </BlockStack>
          )}
        </Card>
        {pageCount > 1 ? (
          <InlineStack align="center">
            <Pagination
              hasPrevious={page > 1}
              hasNext={page < pageCount}
              label={t("pageOf", { page, pages: pageCount })}
              onPrevious={() => navigate(`?page=${page - 1}`)}
              onNext={() => navigate(`?page=${page + 1}`)}
            />
          </InlineStack>
        ) : null}
      </BlockStack>
    </Page>
  );
}
