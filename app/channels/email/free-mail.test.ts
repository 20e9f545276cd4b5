// Free mailbox addresses are told apart from a shop's own domain, including the brands' country domains.
import { describe, expect, it } from "vitest";
import { isFreeMailAddress } from "./free-mail";

describe("isFreeMailAddress", () => {
  it.each([
    "shop@gmail.com",
    "shop@googlemail.com",
    "shop@yahoo.com",
    "shop@yahoo.co.uk",
    "shop@yahoo.com.br",
    "shop@yahoo.fr",
    "shop@ymail.com",
    "shop@aol.com",
    "shop@outlook.com",
    "shop@hotmail.com",
    "shop@hotmail.co.uk",
    "shop@live.com",
    "shop@msn.com",
    "shop@icloud.com",
    "shop@me.com",
    "shop@mac.com",
    "shop@mail.ru",
    "shop@yandex.ru",
    "shop@yandex.com",
    "shop@gmx.de",
    "shop@gmx.net",
    "shop@web.de",
    "shop@proton.me",
    "shop@protonmail.com",
    "shop@zoho.com",
  ])("refuses %s", (address) => {
    expect(isFreeMailAddress(address)).toBe(true);
  });

  it("ignores case and a trailing dot", () => {
    expect(isFreeMailAddress("Shop@GMail.COM")).toBe(true);
    expect(isFreeMailAddress("shop@gmail.com.")).toBe(true);
  });

  it.each([
    "hello@demo-store.com",
    "hello@mail.demo-store.com",
    "hello@gmx-shop.com",
    "hello@yahoo-deals.shop",
    "hello@gmail.com.example.com",
    "hello@shop.gmail.community",
    "not an address",
  ])("accepts %s", (address) => {
    expect(isFreeMailAddress(address)).toBe(false);
  });
});
