// The addresses the shop no longer emails, on its provider's reports (linked from Settings): why, who
// reported it, since when; a bounce lifted once the merchant fixed the address, after a confirmation.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  DataTable,
  EmptyState,
  InlineStack,
  Page,
  Text,
} from "@shopify/polaris";
import { useState, type ReactNode } from "react";
import { z } from "zod";
import db from "../db.server";
import { authenticate } from "../shopify.server";
import {
  liftShopSuppression,
  suppressionsView,
  type SuppressionRow,
} from "../admin/email-reports.server";
import { settingsWords } from "../ui/words/settings";
import { suppressionsWords } from "../ui/words/suppressions";
import { useLocale, useT } from "../ui/i18n";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return suppressionsView(db, session.shop);
};

const Lift = z.object({
  intent: z.literal("lift"),
  id: z.string().min(1).max(100),
});

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = Lift.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("Bad request", { status: 400 });
  return {
    lifted: await liftShopSuppression(db, session.shop, parsed.data.id),
  };
};

/** A cell's text wrapped within a width: the table's cells keep to one line otherwise, and overflow. */
const Wrap = (props: { width: string; children: ReactNode }) => (
  <div style={{ whiteSpace: "normal", maxWidth: props.width }}>
    {props.children}
  </div>
);

export default function Suppressions() {
  const { rows, more, shown, timeZone } = useLoaderData<typeof loader>();
  const t = useT(suppressionsWords);
  const kind = useT(settingsWords);
  const locale = useLocale();
  const fetcher = useFetcher<typeof action>();
  const [asking, setAsking] = useState<SuppressionRow | null>(null);
  const [acted, setActed] = useState<SuppressionRow | null>(null);
  const done = fetcher.state === "idle" ? fetcher.data : undefined;
  const providerName = (name: string) =>
    ["smtp", "sendgrid", "postmark", "mailgun", "ses"].includes(name)
      ? kind(`kind_${name}` as "kind_smtp")
      : name;
  const lift = (row: SuppressionRow) => {
    setActed(row);
    setAsking(null);
    fetcher.submit({ intent: "lift", id: row.id }, { method: "post" });
  };
  return (
    <Page
      title={t("title")}
      backAction={{ content: t("back"), url: "/app/settings" }}
    >
      <BlockStack gap="400">
        <Text as="p" tone="subdued">
          {t("intro")}
        </Text>
        {done && acted ? (
          <Banner
            tone={done.lifted ? "success" : "warning"}
            onDismiss={() => setActed(null)}
          >
            {done.lifted ? t("lifted", { email: acted.email }) : t("notLifted")}
          </Banner>
        ) : null}
        {asking ? (
          <Banner tone="warning" title={asking.email}>
            <BlockStack gap="200">
              <Text as="p">{t("liftConfirm", { email: asking.email })}</Text>
              <InlineStack gap="200">
                <Button variant="primary" onClick={() => lift(asking)}>
                  {t("lift")}
                </Button>
                <Button onClick={() => setAsking(null)}>{t("cancel")}</Button>
              </InlineStack>
            </BlockStack>
          </Banner>
        ) : null}
        <Card>
          {rows.length === 0 ? (
            <EmptyState heading={t("emptyTitle")} image="">
              <p>{t("empty")}</p>
            </EmptyState>
          ) : (
            <DataTable
              columnContentTypes={["text", "text", "text", "text", "text"]}
              headings={[t("address"), t("why"), t("provider"), t("since"), ""]}
              rows={rows.map((row) => [
                row.email,
                <Wrap key="why" width="20rem">
                  <BlockStack gap="100">
                    <Text as="span">{t(`reason_${row.reason}`)}</Text>
                    {row.detail ? (
                      <Text as="span" tone="subdued">
                        {t("detail", { detail: row.detail })}
                      </Text>
                    ) : null}
                  </BlockStack>
                </Wrap>,
                providerName(row.provider),
                new Date(row.createdAt).toLocaleString(locale, {
                  timeZone,
                  dateStyle: "medium",
                  timeStyle: "short",
                }),
                row.liftable ? (
                  <Button
                    key="lift"
                    size="slim"
                    loading={fetcher.state !== "idle" && acted?.id === row.id}
                    onClick={() => setAsking(row)}
                    accessibilityLabel={`${t("lift")} ${row.email}`}
                  >
                    {t("lift")}
                  </Button>
                ) : (
                  <Wrap key="lift" width="10rem">
                    <Text as="span" tone="subdued">
                      {t("cannotLift")}
                    </Text>
                  </Wrap>
                ),
              ])}
            />
          )}
        </Card>
        {more ? (
          <Text as="p" tone="subdued">
            {t("more", { count: shown })}
          </Text>
        ) : null}
      </BlockStack>
    </Page>
  );
}
