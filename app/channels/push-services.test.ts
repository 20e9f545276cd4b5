// Only the browsers' push services: the allow-list, read from PUSH_SERVICE_HOSTS or the default.
import { describe, expect, it } from "vitest";
import {
  DEFAULT_PUSH_SERVICE_HOSTS,
  pushEndpointRefusal,
  pushServiceHosts,
} from "./push-services";

describe("push service allow-list", () => {
  const hosts = pushServiceHosts({});

  it("takes each browser's own push service by default", () => {
    expect(hosts).toEqual([...DEFAULT_PUSH_SERVICE_HOSTS]);
    for (const endpoint of [
      "https://fcm.googleapis.com/fcm/send/abc:APA91b",
      "https://updates.push.services.mozilla.com/wpush/v2/gAAAAA",
      "https://web.push.apple.com/QGh1c2g",
      "https://wns2-par02p.notify.windows.com/w/?token=BQYAAA",
    ])
      expect(pushEndpointRefusal(endpoint, hosts)).toBeNull();
  });

  it("refuses any other host, look-alikes, loopback and plain http, saying why", () => {
    expect(pushEndpointRefusal("https://127.0.0.1:4443/push/1", hosts)).toMatch(
      /^127\.0\.0\.1 is not a browser push service this app sends to \(fcm\.googleapis\.com, /,
    );
    expect(
      pushEndpointRefusal("https://fcm.googleapis.com.evil.example/x", hosts),
    ).toMatch(/^fcm\.googleapis\.com\.evil\.example is not/);
    expect(pushEndpointRefusal("https://evilpush.apple.com/x", hosts)).toMatch(
      /is not/,
    );
    expect(pushEndpointRefusal("https://push.apple.com/x", hosts)).toMatch(
      /is not/,
    ); // `*.` is subdomains only
    expect(
      pushEndpointRefusal("http://fcm.googleapis.com/fcm/send/x", hosts),
    ).toBe("a push service is reached over https");
    expect(pushEndpointRefusal("not a url", hosts)).toBe("not a URL");
  });

  it("reads PUSH_SERVICE_HOSTS: comma-separated, any case, blanks ignored", () => {
    expect(
      pushServiceHosts({
        PUSH_SERVICE_HOSTS: " FCM.googleapis.com, ,127.0.0.1 ",
      }),
    ).toEqual(["fcm.googleapis.com", "127.0.0.1"]);
    expect(pushServiceHosts({ PUSH_SERVICE_HOSTS: " , " })).toEqual([
      ...DEFAULT_PUSH_SERVICE_HOSTS,
    ]);
    expect(
      pushEndpointRefusal("https://127.0.0.1:4443/push/1", ["127.0.0.1"]),
    ).toBeNull();
  });
});
