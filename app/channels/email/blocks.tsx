// The message's content blocks in the email: products in a two-column grid (one column on
// phones), the cart's lines with the way back to it, the code in a box, the latest articles. Every
// link goes through the email's `link` (the click redirect); an image or link that is not a web
// address (or breaks the link rule, safeUrl) is left out.
import {
  Button,
  Column,
  Heading,
  Img,
  Link,
  Row,
  Section,
  Text,
} from "@react-email/components";
import type { ReactNode } from "react";
import { safeUrl } from "../../security/safe-url";
import { formatPrice, labelsFor } from "./format";
import type {
  EmailArticle,
  EmailBlock,
  EmailCartLine,
  EmailProduct,
  ResolvedEmail,
} from "./email-input";
import { colors } from "./styles";

type Email = Pick<ResolvedEmail, "link" | "language" | "currency">;

/** The link as the email carries it (the click redirect), if it is a web address; else no link. */
export const webUrl = (
  email: Pick<Email, "link">,
  url: string,
): string | undefined => {
  const linked = email.link(url);
  return /^https?:\/\//i.test(linked) ? linked : undefined;
};

const webImage = (url: string | null | undefined) =>
  url && safeUrl(url) && /^https?:\/\//i.test(url) ? url : undefined;

const heading = (text: string) => (
  <Heading
    as="h2"
    style={{ margin: "8px 0 12px", fontSize: "18px", lineHeight: "24px" }}
  >
    {text}
  </Heading>
);

/** A link where there is a web address, plain content where there is none. */
const MaybeLink = ({
  href,
  children,
}: {
  href: string | undefined;
  children: ReactNode;
}) =>
  href ? (
    <Link href={href} style={{ color: colors.text, textDecoration: "none" }}>
      {children}
    </Link>
  ) : (
    <>{children}</>
  );

function ProductCell({
  product,
  email,
}: {
  product: EmailProduct;
  email: Email;
}) {
  const href = webUrl(email, product.url);
  const image = webImage(product.image);
  return (
    <>
      {image && (
        <MaybeLink href={href}>
          <Img
            src={image}
            alt={product.title}
            width="248"
            style={{
              width: "100%",
              maxWidth: "248px",
              height: "auto",
              borderRadius: "6px",
            }}
          />
        </MaybeLink>
      )}
      <Text
        style={{
          margin: "8px 0 0",
          fontSize: "15px",
          lineHeight: "20px",
          fontWeight: 600,
        }}
      >
        <MaybeLink href={href}>{product.title}</MaybeLink>
      </Text>
      {product.price !== null && (
        <Text
          style={{
            margin: "2px 0 0",
            fontSize: "15px",
            lineHeight: "20px",
            color: colors.muted,
          }}
        >
          {formatPrice(product.price, email.currency, email.language)}
        </Text>
      )}
    </>
  );
}

function Products({
  title,
  products,
  email,
}: {
  title: string;
  products: EmailProduct[];
  email: Email;
}) {
  const rows = products.reduce<EmailProduct[][]>(
    (all, p, i) => (i % 2 ? all[all.length - 1]!.push(p) : all.push([p]), all),
    [],
  );
  return (
    <Section style={{ margin: "8px 0 8px" }}>
      {heading(title)}
      {rows.map((row, i) => (
        <Row key={i}>
          {[0, 1].map((j) => (
            <Column
              key={j}
              className="tm-cell"
              style={{
                width: "50%",
                verticalAlign: "top",
                padding: j ? "0 0 16px 8px" : "0 8px 16px 0",
              }}
            >
              {row[j] && <ProductCell product={row[j]!} email={email} />}
            </Column>
          ))}
        </Row>
      ))}
    </Section>
  );
}

function CartLine({
  line,
  currency,
  email,
}: {
  line: EmailCartLine;
  currency: string;
  email: Email;
}) {
  const image = webImage(line.image);
  return (
    <Row style={{ borderBottom: `1px solid ${colors.line}` }}>
      {image && (
        <Column style={{ width: "64px", padding: "8px 12px 8px 0" }}>
          <Img
            src={image}
            alt={line.title}
            width="64"
            style={{ width: "64px", height: "auto", borderRadius: "4px" }}
          />
        </Column>
      )}
      <Column style={{ padding: "8px 0", verticalAlign: "middle" }}>
        <Text
          style={{
            margin: 0,
            fontSize: "15px",
            lineHeight: "20px",
            fontWeight: 600,
          }}
        >
          {line.title}
        </Text>
        <Text
          style={{
            margin: 0,
            fontSize: "14px",
            lineHeight: "20px",
            color: colors.muted,
          }}
        >
          {labelsFor(email.language).quantity}: {line.quantity}
        </Text>
      </Column>
      {line.price !== null && (
        <Column
          align="right"
          style={{
            padding: "8px 0 8px 12px",
            verticalAlign: "middle",
            whiteSpace: "nowrap",
            fontSize: "15px",
          }}
        >
          {formatPrice(line.price * line.quantity, currency, email.language)}
        </Column>
      )}
    </Row>
  );
}

function Article({ article, email }: { article: EmailArticle; email: Email }) {
  const href = webUrl(email, article.url);
  const image = webImage(article.image);
  return (
    <Section style={{ margin: "0 0 20px" }}>
      {image && (
        <MaybeLink href={href}>
          <Img
            src={image}
            alt={article.title}
            width="504"
            style={{
              width: "100%",
              maxWidth: "504px",
              height: "auto",
              borderRadius: "6px",
            }}
          />
        </MaybeLink>
      )}
      <Text
        style={{
          margin: "8px 0 4px",
          fontSize: "16px",
          lineHeight: "22px",
          fontWeight: 600,
        }}
      >
        <MaybeLink href={href}>{article.title}</MaybeLink>
      </Text>
      {article.summary && (
        <Text
          style={{
            margin: "0 0 4px",
            fontSize: "15px",
            lineHeight: "22px",
            color: colors.muted,
          }}
        >
          {article.summary}
        </Text>
      )}
      {href && (
        <Link
          href={href}
          style={{
            fontSize: "15px",
            color: colors.button,
            textDecoration: "underline",
          }}
        >
          {labelsFor(email.language).read}
        </Link>
      )}
    </Section>
  );
}

export function ContentBlock({
  block,
  email,
}: {
  block: EmailBlock;
  email: Email;
}) {
  const labels = labelsFor(email.language);
  switch (block.type) {
    case "viewed_products":
    case "popular_products":
      return (
        <Products
          title={labels[block.type]}
          products={block.products}
          email={email}
        />
      );
    case "cart_items": {
      const href = webUrl(email, block.url);
      return (
        <Section style={{ margin: "8px 0 16px" }}>
          {heading(labels.cart_items)}
          {block.lines.map((line, i) => (
            <CartLine
              key={i}
              line={line}
              currency={block.currency ?? email.currency}
              email={email}
            />
          ))}
          {href && (
            <Button
              href={href}
              style={{
                margin: "16px 0 0",
                padding: "12px 24px",
                backgroundColor: colors.button,
                color: "#ffffff",
                borderRadius: "4px",
                fontWeight: 600,
                fontSize: "16px",
              }}
            >
              {labels.cart_button}
            </Button>
          )}
        </Section>
      );
    }
    case "discount_code":
      return (
        <Section
          style={{
            margin: "8px 0 24px",
            padding: "16px",
            border: `2px dashed ${colors.muted}`,
            borderRadius: "6px",
            backgroundColor: colors.codeBox,
            textAlign: "center",
          }}
        >
          <Text
            style={{
              margin: "0 0 4px",
              fontSize: "13px",
              lineHeight: "18px",
              color: colors.muted,
              textTransform: "uppercase",
              letterSpacing: "1px",
            }}
          >
            {labels.discount_code}
          </Text>
          <Text
            style={{
              margin: 0,
              fontSize: "24px",
              lineHeight: "32px",
              fontWeight: 700,
              fontFamily: "'Courier New', Courier, monospace",
              letterSpacing: "2px",
            }}
          >
            {block.code}
          </Text>
        </Section>
      );
    case "latest_articles":
      return (
        <Section style={{ margin: "8px 0 8px" }}>
          {heading(labels.latest_articles)}
          {block.articles.map((article, i) => (
            <Article key={i} article={article} email={email} />
          ))}
        </Section>
      );
  }
}
