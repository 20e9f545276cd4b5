// Which addresses the app refuses to connect to on a merchant's say, and the resolution that hands
// the caller the address it checked.
import { describe, expect, it } from "vitest";
import {
  BlockedHostError,
  isPublicAddress,
  isRefusedHost,
  privateHostsAllowed,
  resolvePublicAddress,
  type HostLookup,
} from "./outbound-host.server";

const answers =
  (...addresses: string[]): HostLookup =>
  async () =>
    addresses.map((address) => ({
      address,
      family: address.includes(":") ? 6 : 4,
    }));

describe("outbound hosts", () => {
  it.each([
    "127.0.0.1",
    "127.8.9.10",
    "0.0.0.0",
    "10.0.0.5",
    "172.16.3.4",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "100.127.255.254",
    "224.0.0.1",
    "239.255.255.250",
    "240.0.0.1",
    "255.255.255.255",
    "192.0.2.10",
    "198.18.0.1",
    "::",
    "::1",
    "[::1]",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "::ffff:169.254.169.254",
    "::ffff:10.0.0.5",
    "::127.0.0.1",
    "fc00::1",
    "fd12:3456::1",
    "fe80::1",
    "fe80::1%eth0",
    "febf::1",
    "ff02::1",
    "2001:db8::1",
    "64:ff9b::a00:5",
    "2002:7f00:1::1",
  ])("refuses %s", (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each([
    "93.184.215.14",
    "8.8.8.8",
    "172.32.0.1",
    "100.128.0.1",
    "2606:4700:4700::1111",
    "2a00:1450:4001:81a::200e",
    "::ffff:93.184.215.14",
  ])("allows %s", (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });

  it("refuses a name when any of its addresses is private, and hands over the checked address otherwise", async () => {
    await expect(
      resolvePublicAddress("mail.shop.example", {
        allowPrivateHosts: false,
        lookup: answers("93.184.215.14", "10.0.0.5"),
      }),
    ).rejects.toBeInstanceOf(BlockedHostError);
    await expect(
      resolvePublicAddress("mail.shop.example", {
        allowPrivateHosts: false,
        lookup: answers("2606:4700:4700::1111", "93.184.215.14"),
      }),
    ).resolves.toEqual({ address: "2606:4700:4700::1111", family: 6 });
    // "localhost" through the system's resolver.
    expect(await isRefusedHost("localhost", { allowPrivateHosts: false })).toBe(
      true,
    );
    expect(await isRefusedHost("[::1]", { allowPrivateHosts: false })).toBe(
      true,
    );
    // Short and numeric spellings of 127.0.0.1 are resolved first, then checked.
    for (const host of ["127.1", "2130706433", "0x7f000001"])
      expect(await isRefusedHost(host, { allowPrivateHosts: false })).toBe(
        true,
      );
    // A name that does not resolve now is not refused here: the connection will say.
    expect(
      await isRefusedHost("nowhere.invalid", { allowPrivateHosts: false }),
    ).toBe(false);
    // Nor one whose resolver does not answer in time.
    expect(
      await isRefusedHost(
        "slow.example",
        { allowPrivateHosts: false, lookup: () => new Promise(() => {}) },
        10,
      ),
    ).toBe(false);
  });

  it("lets the operator allow private hosts", async () => {
    expect(privateHostsAllowed({ TRIGGER_MAP_ALLOW_PRIVATE_HOSTS: "1" })).toBe(
      true,
    );
    expect(privateHostsAllowed({})).toBe(false);
    expect(privateHostsAllowed({ TRIGGER_MAP_ALLOW_PRIVATE_HOSTS: "0" })).toBe(
      false,
    );
    await expect(
      resolvePublicAddress("127.0.0.1", { allowPrivateHosts: true }),
    ).resolves.toEqual({ address: "127.0.0.1", family: 4 });
  });
});
