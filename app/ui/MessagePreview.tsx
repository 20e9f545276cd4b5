// A message as the contact will see it, while the merchant types: the unsaved message goes to
// POST /app/preview (debounced), which renders it through the code that really shows it, and the
// result is drawn in a sandboxed frame. Email and on-site messages at a desktop or a phone's width.
import { useEffect, useId, useRef, useState } from "react";
import { useFetcher } from "@remix-run/react";
import type { z } from "zod";
import {
  Banner,
  BlockStack,
  Box,
  Button,
  ButtonGroup,
  Checkbox,
  Collapsible,
  InlineStack,
  Spinner,
  Text,
} from "@shopify/polaris";
import type { Channel, Message } from "../scenarios/model";
import type { PreviewResponse } from "../routes/app.preview";
import { previewWords } from "./words/preview";
import { useT } from "./i18n";

export interface MessagePreviewProps {
  /** The message as the editor holds it (unsaved; the server checks it). */
  message: z.input<typeof Message>;
  channel: Channel;
  marketing: boolean;
  /** Which language of the message's copy to show. */
  language: "en" | "ru";
}

const DEBOUNCE_MS = 400;
/** An email's column at its full 600 px and on a phone; the storefront's popups turn into a bottom sheet at 600 px and below, so "desktop" is wider there. */
const WIDTHS = { desktop: 600, mobile: 375 } as const;
const ON_SITE_DESKTOP = 720;
type Device = keyof typeof WIDTHS;

export function MessagePreview({
  message,
  channel,
  marketing,
  language,
}: MessagePreviewProps) {
  const t = useT(previewWords);
  const fetcher = useFetcher<PreviewResponse>();
  const [device, setDevice] = useState<Device>("desktop");
  const [unnamed, setUnnamed] = useState(false);
  const [textOpen, setTextOpen] = useState(false);
  const textId = useId();
  const body = JSON.stringify({
    channel,
    marketing,
    language,
    contact: unnamed ? "unnamed" : "named",
    message,
  });
  const submit = useRef(fetcher.submit);
  submit.current = fetcher.submit;

  useEffect(() => {
    const timer = setTimeout(
      () =>
        submit.current(body, {
          method: "post",
          action: "/app/preview",
          encType: "application/json",
        }),
      DEBOUNCE_MS,
    );
    return () => clearTimeout(timer);
  }, [body]);

  const result = fetcher.data;
  const preview = result && "preview" in result ? result.preview : null;
  // The last preview made, for its own channel (the next may still be on its way).
  const shown = preview && "html" in preview ? preview : null;
  const sized = channel !== "web_push";
  const onSite = shown?.channel === "popup" || shown?.channel === "chat";

  return (
    <BlockStack gap="300">
      <InlineStack align="space-between" blockAlign="center" gap="200">
        {sized ? (
          <ButtonGroup variant="segmented">
            {(Object.keys(WIDTHS) as Device[]).map((d) => (
              <Button
                key={d}
                pressed={device === d}
                onClick={() => setDevice(d)}
                accessibilityLabel={`${t("width")}: ${t(d)}`}
              >
                {t(d)}
              </Button>
            ))}
          </ButtonGroup>
        ) : (
          <span />
        )}
        {fetcher.state !== "idle" && (
          <Spinner size="small" accessibilityLabel={t("loading")} />
        )}
      </InlineStack>
      <Checkbox label={t("unnamed")} checked={unnamed} onChange={setUnnamed} />

      {result && "errors" in result && (
        <Banner tone="critical" title={t("invalid")}>
          <ul>
            {result.errors.map((e, i) => (
              <li key={i}>
                {e.field}: {e.message}
              </li>
            ))}
          </ul>
        </Banner>
      )}
      {preview && "error" in preview && (
        <Banner tone="critical">{t("not_built")}</Banner>
      )}
      {shown && shown.missing.length > 0 && (
        <Banner tone="warning">
          {t(onSite ? "missing_site" : "missing_send", {
            names: shown.missing.map((n) => `{{${n}}}`).join(", "),
          })}
        </Banner>
      )}

      {shown?.channel === "email" && (
        <BlockStack gap="100">
          <Text as="p">
            <Text as="span" tone="subdued">
              {t("from")}:{" "}
            </Text>
            {shown.from ? (
              `${shown.from.name} <${shown.from.email}>`
            ) : (
              <Text as="span" tone="caution">
                {t("no_sender")}
              </Text>
            )}
          </Text>
          <Text as="p">
            <Text as="span" tone="subdued">
              {t("subject")}:{" "}
            </Text>
            <Text as="span" fontWeight="semibold">
              {shown.subject}
            </Text>
          </Text>
        </BlockStack>
      )}

      {shown && (
        <PreviewFrame
          key={shown.channel}
          channel={shown.channel}
          html={shown.html}
          title={t(`frame_${shown.channel}`)}
          width={
            shown.channel === "web_push"
              ? null
              : device === "desktop" && onSite
                ? ON_SITE_DESKTOP
                : WIDTHS[device]
          }
        />
      )}

      {shown?.channel === "email" && (
        <BlockStack gap="200">
          <InlineStack>
            <Button
              variant="plain"
              disclosure={textOpen ? "up" : "down"}
              onClick={() => setTextOpen((o) => !o)}
              ariaExpanded={textOpen}
              ariaControls={textId}
            >
              {textOpen ? t("hide_text") : t("show_text")}
            </Button>
          </InlineStack>
          <Collapsible id={textId} open={textOpen}>
            <Box
              padding="300"
              background="bg-surface-secondary"
              borderRadius="200"
            >
              <pre
                style={{
                  margin: 0,
                  whiteSpace: "pre-wrap",
                  overflowWrap: "anywhere",
                  font: "inherit",
                }}
              >
                {shown.text}
              </pre>
            </Box>
          </Collapsible>
        </BlockStack>
      )}
      <Text as="p" tone="subdued" variant="bodySm">
        {t("sample_note")}
      </Text>
    </BlockStack>
  );
}

/**
 * The preview's document in a sandboxed frame. An email runs no script, so its frame may be read
 * (same origin, no scripts) to fit its height; the storefront's runtime runs scripts, so its frame
 * gets no origin at all. A frame wider than the card is drawn smaller, as the width it stands for.
 */
function PreviewFrame({
  channel,
  html,
  width,
  title,
}: {
  channel: Channel;
  html: string;
  width: number | null;
  title: string;
}) {
  const frame = useRef<HTMLIFrameElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const [height, setHeight] = useState(
    channel === "email" ? 600 : channel === "web_push" ? 140 : 560,
  );
  const [room, setRoom] = useState<number | null>(null);
  const fit = () => {
    const doc = frame.current?.contentDocument;
    if (channel === "email" && doc?.body) setHeight(doc.body.scrollHeight);
  };
  const loaded = () => {
    fit();
    // The email's links would open the shop inside the card: they lead nowhere from a preview.
    frame.current?.contentDocument?.addEventListener("click", (event) => {
      if ((event.target as Element | null)?.closest?.("a"))
        event.preventDefault();
    });
  };
  useEffect(fit, [width]);
  useEffect(() => {
    const element = box.current;
    if (!element || typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(([entry]) =>
      setRoom(entry!.contentRect.width),
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  const scale = width && room && room < width ? room / width : 1;
  return (
    <div
      ref={box}
      style={{
        border: "1px solid var(--p-color-border)",
        borderRadius: "var(--p-border-radius-200)",
        background: "var(--p-color-bg-surface-secondary)",
        overflow: "hidden",
      }}
    >
      <div
        style={{
          width: width ? `${width * scale}px` : "100%",
          height: `${height * scale}px`,
          margin: "0 auto",
        }}
      >
        <iframe
          ref={frame}
          title={title}
          srcDoc={html}
          sandbox={
            channel === "email" || channel === "web_push"
              ? "allow-same-origin"
              : "allow-scripts"
          }
          onLoad={loaded}
          data-preview-channel={channel}
          style={{
            display: "block",
            border: 0,
            width: width ? `${width}px` : "100%",
            height: `${height}px`,
            background: "#fff",
            transform: scale < 1 ? `scale(${scale})` : undefined,
            transformOrigin: "top left",
          }}
        />
      </div>
    </div>
  );
}
