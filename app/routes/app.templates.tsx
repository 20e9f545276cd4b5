import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import {
  Form,
  useActionData,
  useLoaderData,
  useNavigation,
} from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  InlineGrid,
  InlineStack,
  Page,
  Text,
} from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { memo } from "react";
import { z } from "zod";
import db from "../db.server";
import { authenticate } from "../shopify.server";
import { GROUP_LABELS } from "../ui/labels";
import {
  activateRecommended,
  activateTemplate,
  setScenarioStatus,
  templateCatalogue,
  type TemplateCard,
} from "../admin/scenarios.server";
import type { OutlineItem, OutlineVia } from "../scenarios/outline/outline";
import { templatesWords } from "../ui/words/templates";
import { pick, useLocale, useT, type Locale, type Translate } from "../ui/i18n";
import { channelWords, stepWords, triggerWords } from "../ui/model-words";

// The map's groups in its order (a client-side list: .server modules do not reach the browser).
const GROUPS = Object.keys(GROUP_LABELS) as (keyof typeof GROUP_LABELS)[];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await db.shop.findUniqueOrThrow({
    where: { domain: session.shop },
    select: { id: true },
  });
  return { cards: await templateCatalogue(db, shop.id) };
};

const Intent = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("activate"), key: z.string().min(1) }),
  z.object({
    intent: z.literal("pause"),
    key: z.string().min(1),
    scenarioId: z.string().min(1),
  }),
  z.object({
    intent: z.literal("resume"),
    key: z.string().min(1),
    scenarioId: z.string().min(1),
  }),
  z.object({ intent: z.literal("activate-recommended") }),
]);

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const parsed = Intent.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success)
    return {
      ok: false as const,
      error: parsed.error.issues
        .map((i) => `${i.path.join(".")}: ${i.message}`)
        .join("; "),
    };
  const shop = await db.shop.findUniqueOrThrow({
    where: { domain: session.shop },
    select: { id: true },
  });
  const input = parsed.data;
  try {
    switch (input.intent) {
      case "activate":
        await activateTemplate(db, admin.graphql, shop.id, input.key);
        return { ok: true as const, intent: input.intent, key: input.key };
      case "pause":
      case "resume":
        await setScenarioStatus(
          db,
          admin.graphql,
          shop.id,
          input.scenarioId,
          input.intent === "pause" ? "PAUSED" : "ACTIVE",
        );
        return { ok: true as const, intent: input.intent, key: input.key };
      case "activate-recommended":
        return {
          ok: true as const,
          intent: input.intent,
          ...(await activateRecommended(db, admin.graphql, shop.id)),
        };
    }
  } catch (error) {
    if (error instanceof Response) throw error;
    return { ok: false as const, error: (error as Error).message };
  }
};

export default function Templates() {
  const { cards } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT(templatesWords);
  const locale = useLocale();
  const navigation = useNavigation();
  const pending = navigation.state !== "idle" ? navigation.formData : undefined;
  const nameOf = (key: string) => {
    const card = cards.find((c) => c.key === key);
    return card ? pick(card.name, locale) : key;
  };

  return (
    <Page title={t("title")}>
      <TitleBar title={t("title")} />
      <BlockStack gap="500">
        <Card>
          <InlineStack align="space-between" blockAlign="center" gap="400">
            <BlockStack gap="100">
              <Text as="p">{t("intro")}</Text>
              <Text as="p" tone="subdued">
                {t("recommendedHelp")}
              </Text>
            </BlockStack>
            <Form method="post">
              <input type="hidden" name="intent" value="activate-recommended" />
              <Button
                submit
                variant="primary"
                loading={pending?.get("intent") === "activate-recommended"}
              >
                {t("activateRecommended")}
              </Button>
            </Form>
          </InlineStack>
        </Card>

        {result ? <ResultBanner result={result} t={t} nameOf={nameOf} /> : null}

        {GROUPS.map((group) => (
          <BlockStack key={group} gap="300">
            <BlockStack gap="100">
              <Text as="h2" variant="headingLg">
                {t(`group_${group}`)}
              </Text>
              <Text as="p" tone="subdued">
                {t(`purpose_${group}`)}
              </Text>
            </BlockStack>
            <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
              {cards
                .filter((c) => c.group === group)
                .map((card) => (
                  <TemplateCardView
                    key={card.key}
                    card={card}
                    t={t}
                    locale={locale}
                    pending={pending?.get("key") === card.key}
                  />
                ))}
            </InlineGrid>
          </BlockStack>
        ))}
      </BlockStack>
    </Page>
  );
}

type ActionResult = NonNullable<
  ReturnType<typeof useActionData<typeof action>>
>;

function ResultBanner({
  result,
  t,
  nameOf,
}: {
  result: ActionResult;
  t: Translate<typeof templatesWords.en>;
  nameOf: (key: string) => string;
}) {
  if (!result.ok)
    return (
      <Banner tone="critical">{t("error", { reason: result.error })}</Banner>
    );
  if (result.intent !== "activate-recommended") {
    const words = {
      activate: "activated",
      pause: "pausedDone",
      resume: "resumedDone",
    } as const;
    return (
      <Banner tone="success">
        {t(words[result.intent], { name: nameOf(result.key) })}
      </Banner>
    );
  }
  const list = (keys: string[]) => keys.map(nameOf).join(", ");
  const lines = [
    result.activated.length
      ? t("recommendedDone", { list: list(result.activated) })
      : null,
    result.resumed.length
      ? t("recommendedResumed", { list: list(result.resumed) })
      : null,
    !result.activated.length && !result.resumed.length && !result.failed.length
      ? t("recommendedNothing")
      : null,
  ].filter(Boolean);
  return (
    <BlockStack gap="200">
      {lines.length ? <Banner tone="success">{lines.join(" ")}</Banner> : null}
      {result.failed.length ? (
        <Banner tone="critical">
          {t("recommendedFailed", {
            list: result.failed
              .map((f) => `${nameOf(f.key)} (${f.reason})`)
              .join("; "),
          })}
        </Banner>
      ) : null}
    </BlockStack>
  );
}

// Memoized: a navigation (a link clicked, a form sent) re-renders the page, and 17 cards each
// drawing a path made that click slow to paint on a slow machine (INP).
const TemplateCardView = memo(function TemplateCardView({
  card,
  t,
  locale,
  pending,
}: {
  card: TemplateCard;
  t: Translate<typeof templatesWords.en>;
  locale: Locale;
  pending: boolean;
}) {
  const status = card.scenario?.status;
  return (
    <Card>
      <article aria-label={pick(card.name, locale)} data-template={card.key}>
        <BlockStack gap="300">
          <InlineStack
            align="space-between"
            blockAlign="start"
            gap="200"
            wrap={false}
          >
            <BlockStack gap="100">
              <InlineStack gap="200" blockAlign="center">
                <Text as="h3" variant="headingMd">
                  {pick(card.name, locale)}
                </Text>
                {card.setUpFirst ? (
                  <Badge tone="info">{t("setUpFirst")}</Badge>
                ) : null}
                {status === "ACTIVE" ? (
                  <Badge tone="success">{t("active")}</Badge>
                ) : null}
                {status === "PAUSED" ? (
                  <Badge tone="attention">{t("paused")}</Badge>
                ) : null}
                {status === "DRAFT" ? <Badge>{t("draft")}</Badge> : null}
              </InlineStack>
              <Text as="p" tone="subdued">
                {pick(card.description, locale)}
              </Text>
            </BlockStack>
            <Form method="post">
              <input type="hidden" name="key" value={card.key} />
              {card.scenario ? (
                <input
                  type="hidden"
                  name="scenarioId"
                  value={card.scenario.id}
                />
              ) : null}
              <input
                type="hidden"
                name="intent"
                value={
                  !card.scenario
                    ? "activate"
                    : status === "ACTIVE"
                      ? "pause"
                      : "resume"
                }
              />
              <InlineStack gap="200">
                {status !== "ACTIVE" ? (
                  <Button
                    url={
                      card.scenario
                        ? `/app/simulate?scenario=${card.scenario.id}`
                        : `/app/simulate?template=${card.key}`
                    }
                  >
                    {t("simulate")}
                  </Button>
                ) : null}
                <Button
                  submit
                  variant={status === "ACTIVE" ? "secondary" : "primary"}
                  loading={pending}
                >
                  {t(
                    !card.scenario || status === "DRAFT"
                      ? "activate"
                      : status === "ACTIVE"
                        ? "pause"
                        : "resume",
                  )}
                </Button>
              </InlineStack>
            </Form>
          </InlineStack>
          <BlockStack gap="100">
            <Text as="h4" variant="headingSm">
              {t("path")}
            </Text>
            <PathView card={card} t={t} locale={locale} />
          </BlockStack>
          <Text as="p">
            <Text as="span" fontWeight="semibold">
              {t("channels")}:{" "}
            </Text>
            {channelWords(card.channels, locale).replaceAll(" → ", ", ")}
          </Text>
        </BlockStack>
      </article>
    </Card>
  );
});

const INDENT = ["0", "400", "800", "1200"] as const;

function PathView({
  card,
  t,
  locale,
}: {
  card: TemplateCard;
  t: Translate<typeof templatesWords.en>;
  locale: Locale;
}) {
  const steps = new Map(
    card.outline.flatMap((i) =>
      i.kind === "step" ? [[i.step.id, i.step] as const] : [],
    ),
  );
  const via = (v: OutlineVia | null) =>
    v === null
      ? ""
      : `${typeof v === "string" ? t(`via_${v}`) : t("via_variant", { key: v.variant })}: `;
  const line = (item: OutlineItem) => {
    if (item.kind === "holdout") return t("holdout", { percent: item.percent });
    if (item.kind === "jump") {
      const target = steps.get(item.to);
      return `${via(item.via)}${t("jump", { step: target ? stepWords(target, locale) : item.to })}`;
    }
    return `${via(item.via)}${stepWords(item.step, locale)}`;
  };
  return (
    <ol
      className="tm-path"
      style={{ listStyle: "none", margin: 0, padding: 0 }}
    >
      <li>
        <Text as="span" fontWeight="semibold">
          {triggerWords(card.trigger, locale)}
        </Text>
      </li>
      {card.outline.map((item, index) => (
        <li key={index}>
          <Box
            paddingInlineStart={INDENT[Math.min(item.depth, INDENT.length - 1)]}
          >
            <Text as="span" tone="subdued">
              ↳{" "}
            </Text>
            <Text as="span">{line(item)}</Text>
          </Box>
        </li>
      ))}
    </ol>
  );
}
