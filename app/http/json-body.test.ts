// Request bodies as JSON: refused in words, and what is taken is safe to store.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseJsonBody, wellFormed } from "./json-body";

describe("JSON bodies", () => {
  const Schema = z.object({ page: z.string() });

  it("turns a lone surrogate (\\ud800, which Prisma's JSON refuses) and NUL (PostgreSQL's) into U+FFFD, keeping pairs", () => {
    expect(
      parseJsonBody('{"page":"a\\ud800b\\udc00\\ud83d\\ude00\\u0000"}', Schema),
    ).toEqual({ ok: true, data: { page: "a\ufffdb\ufffd😀\ufffd" } });
    expect(
      wellFormed({
        type: "x",
        list: ["\udfff", 1, null],
        nested: { "k\ud800": "\ud83d" },
      }),
    ).toEqual({
      type: "x",
      list: ["\ufffd", 1, null],
      nested: { "k\ufffd": "\ufffd" },
    });
  });

  it("answers malformed JSON and a wrong shape with a reason", () => {
    expect(parseJsonBody("{nope", Schema)).toEqual({
      ok: false,
      reason: "Malformed JSON body",
    });
    expect(parseJsonBody("[".repeat(100_000), Schema)).toEqual({
      ok: false,
      reason: "Malformed JSON body",
    });
    expect(parseJsonBody('{"page":1}', Schema)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^page: /),
    });
  });
});
