// The email's document in react-email's components: one centred column up to 600 px that takes a
// phone's width, the copy, the content blocks, the button, the footer and the open pixel. React
// escapes every text and attribute.
import {
  Body,
  Button,
  Container,
  Head,
  Heading,
  Html,
  Link,
  Preview,
  Text,
} from "@react-email/components";
import { Fragment } from "react";
import { ContentBlock, webUrl } from "./blocks";
import type { ResolvedEmail } from "./email-input";
import { colors, font } from "./styles";

/** What a phone's narrow screen changes: grid cells stack. Clients without media queries keep two columns. */
const RESPONSIVE =
  "@media only screen and (max-width:480px){.tm-cell{display:block!important;width:100%!important;padding:0 0 16px!important}}";

const Paragraph = ({ text }: { text: string }) => (
  <Text style={{ margin: "0 0 16px", fontSize: "16px", lineHeight: "24px" }}>
    {text.split("\n").map((line, i) => (
      <Fragment key={i}>
        {i > 0 && <br />}
        {line}
      </Fragment>
    ))}
  </Text>
);

export function EmailLayout(email: ResolvedEmail & { subject: string }) {
  const cta = email.cta && webUrl(email, email.cta.url);
  return (
    <Html lang={email.language}>
      <Head>
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{email.subject}</title>
        <style dangerouslySetInnerHTML={{ __html: RESPONSIVE }} />
      </Head>
      <Body
        style={{
          margin: 0,
          padding: "24px 12px",
          backgroundColor: colors.page,
          fontFamily: font,
          color: colors.text,
        }}
      >
        <Preview>{email.body.replace(/\s+/g, " ").slice(0, 140)}</Preview>
        <Container
          style={{
            maxWidth: "560px",
            backgroundColor: "#ffffff",
            borderRadius: "8px",
            padding: "32px 28px",
          }}
        >
          <Text
            style={{ margin: "0 0 24px", fontSize: "16px", fontWeight: 700 }}
          >
            {email.shopName}
          </Text>
          {email.title && (
            <Heading
              as="h1"
              style={{
                margin: "0 0 16px",
                fontSize: "22px",
                lineHeight: "28px",
              }}
            >
              {email.title}
            </Heading>
          )}
          {email.body.split(/\n{2,}/).map((p, i) => (
            <Paragraph key={i} text={p} />
          ))}
          {email.blocks.map((block, i) => (
            <ContentBlock key={i} block={block} email={email} />
          ))}
          {email.cta && cta && (
            <Button
              href={cta}
              style={{
                margin: "8px 0 24px",
                padding: "12px 24px",
                backgroundColor: colors.button,
                color: "#ffffff",
                borderRadius: "4px",
                fontWeight: 600,
                fontSize: "16px",
              }}
            >
              {email.cta.label}
            </Button>
          )}
          {email.footer && (
            <Text
              style={{
                margin: "24px 0 0",
                fontSize: "12px",
                lineHeight: "18px",
                color: colors.muted,
              }}
            >
              {email.footer.address && (
                <>
                  {email.footer.address}
                  <br />
                </>
              )}
              <Link
                href={email.footer.unsubscribeUrl}
                style={{ color: colors.muted, textDecoration: "underline" }}
              >
                {email.footer.unsubscribeLabel}
              </Link>
            </Text>
          )}
        </Container>
        {email.pixelUrl && (
          <img
            src={email.pixelUrl}
            width="1"
            height="1"
            alt=""
            style={{ display: "block", border: 0 }}
          />
        )}
      </Body>
    </Html>
  );
}
