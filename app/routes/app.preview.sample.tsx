// /app/preview/sample: the message preview on a message typed here, with no scenario around it
// (reachable by its address only). It shows the preview card exactly as the scenario page uses it.
import { useState } from "react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { BlockStack, Card, Checkbox, FormLayout, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { Channel, Message } from "../scenarios/model";
import { authenticate } from "../shopify.server";
import { MessagePreview } from "../ui/MessagePreview";
import { previewCopy } from "../ui/copy/preview";
import { pick, useLocale, useT } from "../ui/i18n";
import { CHANNEL_WORDS } from "../ui/model-words";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticate.admin(request);
  return null;
};

type Content = Message["content"];
const CONTENTS = Message.shape.content.unwrap().options;

export default function PreviewSample() {
  const t = useT(previewCopy);
  const locale = useLocale();
  const [channel, setChannel] = useState<Channel>("popup");
  const [title, setTitle] = useState("Hello, {{first_name}}");
  const [body, setBody] = useState("Here is {{code}}: 10% off your first order.");
  const [content, setContent] = useState<Content>("discount_code");
  const [discount, setDiscount] = useState(true);
  const [marketing, setMarketing] = useState(true);
  const message = {
    key: "sample",
    ...(title ? { title: { en: title, [locale]: title } } : {}),
    body: { en: body, [locale]: body },
    cta: { label: { en: "Shop now" }, url: "/collections/all" },
    content,
    ...(discount ? { discount: { percent: 10, validDays: 14 } } : {}),
    fallbacks: { first_name: { en: "there", ru: "друг" } },
  };
  return (
    <Page title={t("sample_title")}>
      <Layout>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingSm">{t("sample_message")}</Text>
              <FormLayout>
                <Select label={t("channel")} value={channel} onChange={(v) => setChannel(v as Channel)}
                  options={Channel.options.map((c) => ({ value: c, label: pick(CHANNEL_WORDS[c], locale) }))} />
                <TextField label={t("title")} value={title} onChange={setTitle} autoComplete="off" />
                <TextField label={t("body")} value={body} onChange={setBody} autoComplete="off" multiline={3} />
                <Select label={t("content")} value={content} onChange={(v) => setContent(v as Content)}
                  options={CONTENTS.map((c) => ({ value: c, label: t(`content_${c}`) }))} />
                <Checkbox label={t("discount")} checked={discount} onChange={setDiscount} />
                <Checkbox label={t("marketing")} checked={marketing} onChange={setMarketing} />
              </FormLayout>
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingSm">{t("heading")}</Text>
              <MessagePreview message={message} channel={channel} marketing={marketing} language={locale} />
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
