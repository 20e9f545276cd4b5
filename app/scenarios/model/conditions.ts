// Facts about a contact checked before a step runs, combined with and / or.
import { z } from "zod";
import { PageType } from "./primitives";

const fact = <T extends string, S extends z.ZodRawShape>(
  type: T,
  description: string,
  shape: S,
) => z.object({ type: z.literal(type), ...shape }).describe(description);

const Money = z.number().min(0).max(1_000_000);

export const Fact = z.discriminatedUnion("type", [
  fact("email_known", "Whether the shop has the contact's email.", {
    is: z.boolean(),
  }),
  fact("push_subscribed", "Whether the contact allows web push.", {
    is: z.boolean(),
  }),
  fact("marketing_consent", "Whether the contact agreed to marketing email.", {
    is: z.boolean(),
  }),
  fact(
    "cart_total_below",
    "The cart total is below an amount (shop currency).",
    { amount: Money },
  ),
  fact(
    "cart_total_at_least",
    "The cart total is at least an amount (shop currency).",
    { amount: Money },
  ),
  fact(
    "has_ordered",
    "Whether the contact has ordered, ever or since the scenario started.",
    {
      is: z.boolean(),
      since: z.enum(["ever", "trigger"]).default("ever"),
    },
  ),
  fact("visits_at_least", "The contact has visited at least this many times.", {
    count: z.number().int().min(1),
  }),
  fact("page_type", "The page the contact is on.", { is: PageType }),
  fact("customer_tag", "The Shopify customer carries a tag.", {
    tag: z.string().min(1).max(255),
  }),
  fact(
    "test_contact",
    "Whether the contact is one of the shop's test contacts.",
    { is: z.boolean() },
  ),
]);
export type Fact = z.infer<typeof Fact>;

export type Condition = Fact | { all: Condition[] } | { any: Condition[] };

export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    Fact,
    z
      .object({ all: z.array(Condition).min(1) })
      .describe("Every condition holds (and)."),
    z
      .object({ any: z.array(Condition).min(1) })
      .describe("At least one condition holds (or)."),
  ]),
);
