import { describe, expect, it } from "vitest";
import {
  durationMs,
  parseNewScenarioDefinition,
  parseScenarioDefinition,
  type ScenarioDefinitionInput,
} from "./index";

// SA3's email path: cart, no order → email after 1 hour → reminder with a code after 3 days.
const abandonedCart: ScenarioDefinitionInput = {
  schemaVersion: 1,
  trigger: { type: "added_to_cart" },
  entry: {
    all: [
      { type: "email_known", is: true },
      { type: "marketing_consent", is: true },
    ],
  },
  start: "wait-1h",
  goal: { events: ["order_placed"] },
  steps: [
    {
      id: "wait-1h",
      type: "wait",
      duration: { amount: 1, unit: "hours" },
      next: "cart-email",
    },
    {
      id: "cart-email",
      type: "send",
      channels: ["email"],
      message: {
        key: "sa3.cart",
        body: {
          en: "Hi {{first_name}}, your cart is waiting",
          ru: "Ваша корзина ждёт",
        },
        content: "cart_items",
        fallbacks: { first_name: "there" },
      },
      next: "wait-3d",
    },
    {
      id: "wait-3d",
      type: "wait_until",
      event: "order_placed",
      timeout: { amount: 3, unit: "days" },
      onTimeout: "reminder",
    },
    {
      id: "reminder",
      type: "send",
      channels: ["web_push", "email"],
      message: {
        key: "sa3.reminder",
        body: { en: "10% off your cart: {{code}}" },
        content: "discount_code",
        discount: { percent: 10 },
      },
    },
  ],
};

describe("a scenario definition", () => {
  it("parses with defaults for what the merchant left out", () => {
    const parsed = parseScenarioDefinition(abandonedCart);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.definition.rolloutPercent).toBe(100);
    expect(parsed.definition.testMode).toBe(false);
    expect(durationMs(parsed.definition.reentryCooldown)).toBe(86_400_000);
    expect(parsed.definition.steps[1]).toMatchObject({
      type: "send",
      marketing: true,
    });
  });

  it("names the field of a step that points to no step", () => {
    const broken = structuredClone(abandonedCart);
    (broken.steps[0] as { next?: string }).next = "nowhere";
    expect(parseScenarioDefinition(broken)).toMatchObject({
      ok: false,
      errors: expect.arrayContaining([
        { field: "steps.0.next", message: 'no step has the id "nowhere"' },
      ]),
    });
  });

  it("refuses {{code}} in a message that gives no discount to make the code from", () => {
    const broken = structuredClone(abandonedCart);
    const reminder = broken.steps.find((s) => s.id === "reminder") as {
      message: { discount?: unknown };
    };
    delete reminder.message.discount;
    const index = broken.steps.findIndex((s) => s.id === "reminder");
    expect(parseScenarioDefinition(broken)).toMatchObject({
      ok: false,
      errors: [
        {
          field: `steps.${index}.message.discount`,
          message: "{{code}} needs the discount its code gives (or a fallback)",
        },
      ],
    });
  });

  it("names a missing English text, a bad unit and an unknown trigger", () => {
    const broken = structuredClone(abandonedCart) as Record<string, unknown> &
      typeof abandonedCart;
    (
      broken.steps[1] as { message: { body: Record<string, string> } }
    ).message.body = { ru: "только по-русски" };
    (broken.steps[0] as { duration: { unit: string } }).duration.unit =
      "fortnights";
    const fields = (r: ReturnType<typeof parseScenarioDefinition>) =>
      r.ok ? [] : r.errors.map((e) => e.field);
    expect(fields(parseScenarioDefinition(broken))).toEqual(
      expect.arrayContaining([
        "steps.1.message.body.en",
        "steps.0.duration.unit",
      ]),
    );
    expect(
      fields(
        parseScenarioDefinition({
          ...abandonedCart,
          trigger: { type: "moon_phase" },
        }),
      ),
    ).toContain("trigger.type");
  });

  it("refuses loops, unreachable steps, duplicate ids and split weights that do not add up", () => {
    const looped = structuredClone(abandonedCart);
    (looped.steps[3] as { next?: string }).next = "wait-1h";
    expect(parseScenarioDefinition(looped)).toMatchObject({
      ok: false,
      errors: [{ field: "steps", message: expect.stringContaining("loop") }],
    });

    const orphan = structuredClone(abandonedCart);
    orphan.steps.push({
      id: "orphan",
      type: "wait",
      duration: { amount: 1, unit: "days" },
    });
    expect(parseScenarioDefinition(orphan)).toMatchObject({
      ok: false,
      errors: [
        { field: "steps.4", message: 'step "orphan" can never be reached' },
      ],
    });

    const twice = structuredClone(abandonedCart);
    twice.steps[3].id = "wait-3d";
    expect(parseScenarioDefinition(twice).ok).toBe(false);

    const split = structuredClone(abandonedCart);
    split.start = "ab";
    split.steps.unshift({
      id: "ab",
      type: "split",
      variants: [
        { key: "a", weight: 60, next: "wait-1h" },
        { key: "b", weight: 30, next: "wait-1h" },
      ],
    });
    expect(parseScenarioDefinition(split)).toMatchObject({
      ok: false,
      errors: [
        {
          field: "steps.0.variants",
          message: "variant weights add up to 90, not 100",
        },
      ],
    });
  });

  it("accepts nested and / or conditions", () => {
    const nested = {
      ...abandonedCart,
      entry: {
        any: [
          { type: "test_contact", is: true },
          {
            all: [
              { type: "visits_at_least", count: 2 },
              { type: "page_type", is: "cart" },
            ],
          },
        ],
      },
    };
    expect(parseScenarioDefinition(nested).ok).toBe(true);
  });
});

describe("a button link in a new version", () => {
  const withCta = (url: string): ScenarioDefinitionInput => ({
    ...abandonedCart,
    steps: abandonedCart.steps.map((s) =>
      s.id === "cart-email" && s.type === "send"
        ? {
            ...s,
            message: { ...s.message, cta: { label: { en: "Open" }, url } },
          }
        : s,
    ),
  });

  it("is refused on its field when it is not a web address or a page of the shop; a stored version with it still parses", () => {
    for (const url of [
      "javascript:alert(1)",
      "JaVaScRiPt:alert(1)",
      "\tjavascript:alert(1)",
      "vbscript:x",
      "data:text/html,x",
      "//evil.example",
      "/\\evil.example",
      "",
    ]) {
      expect(parseNewScenarioDefinition(withCta(url)), url).toEqual({
        ok: false,
        errors: [
          {
            field: "steps.1.message.cta.url",
            message:
              "a link must start with https:// or with / (a page of this store)",
          },
        ],
      });
      expect(parseScenarioDefinition(withCta(url)).ok, url).toBe(true);
    }
  });

  it("is taken when it is an http(s) address or a path on the shop's site", () => {
    for (const url of [
      "https://shop.example/sale",
      "http://shop.example",
      "/collections",
    ])
      expect(parseNewScenarioDefinition(withCta(url)).ok, url).toBe(true);
  });

  it("may be a link known only when the message goes: {{tracking_url}} or {{product_url}}, nothing else", () => {
    for (const url of ["{{tracking_url}}", "{{ product_url }}"])
      expect(parseNewScenarioDefinition(withCta(url)).ok, url).toBe(true);
    for (const url of [
      "{{first_name}}",
      "{{product_url}}/x",
      "x{{tracking_url}}",
    ])
      expect(parseNewScenarioDefinition(withCta(url)).ok, url).toBe(false);
  });
});

describe("a message sent more than once to a contact", () => {
  const repeating = (marketing: boolean): ScenarioDefinitionInput => ({
    schemaVersion: 1,
    trigger: { type: "order_shipped" },
    start: "notify",
    steps: [
      {
        id: "notify",
        type: "send",
        channels: ["web_push"],
        marketing,
        oncePerContact: false,
        message: { key: "re3.shipped", body: { en: "Shipped" } },
      },
    ],
  });

  it("is transactional only: a marketing message goes once per contact", () => {
    expect(parseScenarioDefinition(repeating(false)).ok).toBe(true);
    expect(parseScenarioDefinition(repeating(true))).toEqual({
      ok: false,
      errors: [
        {
          field: "steps.0.oncePerContact",
          message:
            "only a transactional message (not marketing) may go to a contact more than once",
        },
      ],
    });
  });

  it("is once per contact by default", () => {
    const parsed = parseScenarioDefinition(abandonedCart);
    expect(
      parsed.ok &&
        parsed.definition.steps.every(
          (s) => s.type !== "send" || s.oncePerContact,
        ),
    ).toBe(true);
  });
});
