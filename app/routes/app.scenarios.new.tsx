// A new scenario (admin/scenario-copies.server.ts): a name, its group on the map, and what it starts
// from, blank with a trigger or any template's steps. It is created as a draft and opens on its page.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigate } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  FormLayout,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import db from "../db.server";
import { createScenario, type Made } from "../admin/scenario-copies.server";
import { defaultTrigger, TRIGGER_TYPES } from "../scenarios/editor/blank";
import { TEMPLATES } from "../scenarios/templates";
import { authenticate } from "../shopify.server";
import { pick, useLocale, useT } from "../ui/i18n";
import { triggerWords } from "../ui/model-words";
import { scenarioWords } from "../ui/words/scenario";

const GROUPS = ["LEAD_GENERATION", "SALES", "RETENTION", "WIN_BACK"] as const;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticate.admin(request);
  return {
    triggers: TRIGGER_TYPES,
    templates: TEMPLATES.map((t) => ({
      key: t.key,
      name: t.name,
      group: t.group,
    })),
  };
};

const Body = z.object({
  name: z.string().max(200),
  group: z.enum(GROUPS),
  from: z.union([
    z.object({ blank: z.enum(TRIGGER_TYPES as [string, ...string[]]) }),
    z.object({ template: z.string().max(20) }),
  ]),
});

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const body = Body.safeParse(await request.json().catch(() => null));
  if (!body.success)
    return { ok: false, reason: "the request was not understood" } as Made;
  return createScenario(db, session.shop, body.data as never);
};

export default function NewScenario() {
  const { triggers, templates } = useLoaderData<typeof loader>();
  const t = useT(scenarioWords);
  const locale = useLocale();
  const navigate = useNavigate();
  const create = useFetcher<Made>();
  const [name, setName] = useState("");
  const [group, setGroup] = useState<(typeof GROUPS)[number]>("SALES");
  const [from, setFrom] = useState("blank");
  const [trigger, setTrigger] = useState<string>("added_to_cart");
  const [tried, setTried] = useState(false);
  useEffect(() => {
    if (create.state === "idle" && create.data?.ok)
      navigate(`/app/scenarios/${create.data.id}`);
  }, [create.state, create.data, navigate]);
  const nameError = tried && !name.trim() ? t("newNameRequired") : undefined;
  const submit = () => {
    setTried(true);
    if (!name.trim()) return;
    create.submit(
      {
        name,
        group,
        from: from === "blank" ? { blank: trigger } : { template: from },
      },
      { method: "post", encType: "application/json" },
    );
  };
  return (
    <Page
      title={t("newTitle")}
      backAction={{ content: t("listTitle"), url: "/app/scenarios" }}
    >
      <Card>
        <BlockStack gap="400">
          <Text as="p" tone="subdued">
            {t("newHelp")}
          </Text>
          {create.data && !create.data.ok && (
            <Banner tone="critical">{t("newFailed")}</Banner>
          )}
          <FormLayout>
            <TextField
              id="name"
              label={t("newName")}
              helpText={t("newNameHelp")}
              autoComplete="off"
              value={name}
              onChange={setName}
              error={nameError}
            />
            <Select
              id="group"
              label={t("newGroup")}
              value={group}
              options={GROUPS.map((g) => ({
                value: g,
                label: t(`group_${g}`),
              }))}
              onChange={(v) => setGroup(v as (typeof GROUPS)[number])}
            />
            <Select
              id="from"
              label={t("newFrom")}
              value={from}
              options={[
                { value: "blank", label: t("newBlank") },
                ...templates.map((tpl) => ({
                  value: tpl.key,
                  label: t("newTemplate", { template: pick(tpl.name, locale) }),
                })),
              ]}
              onChange={(v) => {
                setFrom(v);
                const template = templates.find((tpl) => tpl.key === v);
                if (template) setGroup(template.group);
              }}
            />
            {from === "blank" && (
              <Select
                id="trigger"
                label={t("newTrigger")}
                value={trigger}
                options={triggers.map((type) => ({
                  value: type,
                  label: triggerWords(defaultTrigger(type)!, locale),
                }))}
                onChange={setTrigger}
              />
            )}
            <Button
              variant="primary"
              onClick={submit}
              loading={create.state !== "idle"}
            >
              {t("newCreate")}
            </Button>
          </FormLayout>
        </BlockStack>
      </Card>
    </Page>
  );
}
