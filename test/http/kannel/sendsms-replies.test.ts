import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SmsgwError } from "../../../src/errors.js";
import { formEncode, kannelApp } from "./support.js";

/** GET|POST /cgi-bin/sendsms: Kannel's answers byte for byte, and its parameters read as Kannel reads them. */

let k: Awaited<ReturnType<typeof kannelApp>>;
beforeAll(async () => {
  k = await kannelApp();
});
afterAll(async () => {
  await k.close();
});

const AUTH: Array<[string, string]> = [
  ["username", "playsms"],
  ["password", "kannel-pass-1"],
];

function get(pairs: Array<[string, string | Buffer]>) {
  return k.app.inject({ method: "GET", url: `/cgi-bin/sendsms?${formEncode(pairs)}` });
}

const last = () => k.sends.at(-1);

describe("Kannel sendsms answers", () => {
  it("a message accepted while the modem is ready: 202 `0: Accepted for delivery`, text/html, no newline", async () => {
    const r = await get([...AUTH, ["to", "+491701234567"], ["text", "hello"]]);
    expect(r.statusCode).toBe(202);
    expect(r.rawPayload.equals(Buffer.from("0: Accepted for delivery"))).toBe(true);
    expect(r.headers["content-type"]).toBe("text/html");
  });

  it("while the modem is not ready: 202 `3: Queued for later delivery`", async () => {
    k.modem.state = "searching";
    try {
      const r = await get([...AUTH, ["to", "+491701234567"], ["text", "later"]]);
      expect(r.statusCode).toBe(202);
      expect(r.body).toBe("3: Queued for later delivery");
    } finally {
      k.modem.state = "ready";
    }
  });

  it.each([
    [
      "a wrong password",
      [
        ["username", "playsms"],
        ["password", "nope"],
      ],
    ],
    ["no password", [["username", "playsms"]]],
    [
      "an unknown user",
      [
        ["username", "kannel"],
        ["password", "kannel-pass-1"],
      ],
    ],
    ["no credentials", []],
  ] as Array<[string, Array<[string, string]>]>)(
    "%s: 403 `Authorization failed for sendsms`",
    async (_, creds) => {
      const before = k.sends.length;
      const r = await get([...creds, ["to", "+491701234567"], ["text", "x"]]);
      expect([r.statusCode, r.body]).toEqual([403, "Authorization failed for sendsms"]);
      expect(k.sends.length).toBe(before);
    },
  );

  it("a HEAD request (a link checker) sends nothing", async () => {
    const before = k.sends.length;
    const r = await k.app.inject({
      method: "HEAD",
      url: "/cgi-bin/sendsms?username=playsms&password=kannel-pass-1&to=%2B491701234567&text=x",
    });
    expect(r.statusCode).not.toBe(202);
    expect(k.sends.length).toBe(before);
  });

  it("`user` and `pass` stand for `username` and `password`", async () => {
    const r = await get([
      ["user", "playsms"],
      ["pass", "kannel-pass-1"],
      ["to", "+491701234567"],
      ["text", "x"],
    ]);
    expect(r.body).toBe("0: Accepted for delivery");
  });

  it.each([
    ["no `to`", [["text", "x"]], 400, "Missing receiver number, rejected"],
    [
      "an empty `to`",
      [
        ["to", ""],
        ["text", "x"],
      ],
      400,
      "Empty receiver number not allowed, rejected",
    ],
    [
      "only invalid numbers",
      [
        ["to", "abc 12"],
        ["text", "x"],
      ],
      400,
      "Number(s) has/have been denied by white- and/or black-lists.",
    ],
    [
      "a dlr-url that is not http(s)",
      [
        ["to", "+491701234567"],
        ["dlr-url", "ftp://x/y"],
        ["dlr-mask", "1"],
      ],
      400,
      "DLR-URL field misformed, rejected",
    ],
    [
      "dlr-mask 64",
      [
        ["to", "+491701234567"],
        ["dlr-mask", "64"],
      ],
      400,
      "DLR-Mask field misformed, rejected",
    ],
    [
      "mclass 4",
      [
        ["to", "+491701234567"],
        ["mclass", "4"],
      ],
      400,
      "MClass field misformed, rejected",
    ],
    [
      "coding 3",
      [
        ["to", "+491701234567"],
        ["coding", "3"],
      ],
      400,
      "Coding field misformed, rejected",
    ],
    [
      "coding 1 (8-bit data, not sent by smsgw)",
      [
        ["to", "+491701234567"],
        ["coding", "1"],
      ],
      400,
      "Coding field misformed, rejected",
    ],
    [
      "validity -2",
      [
        ["to", "+491701234567"],
        ["validity", "-2"],
      ],
      400,
      "Validity field misformed, rejected",
    ],
    [
      "priority 4",
      [
        ["to", "+491701234567"],
        ["priority", "4"],
      ],
      400,
      "Priority field misformed, rejected",
    ],
    [
      "an unknown charset",
      [
        ["to", "+491701234567"],
        ["text", "x"],
        ["charset", "klingon"],
      ],
      400,
      "Charset or body misformed, rejected",
    ],
    [
      "bytes that are not UTF-8",
      [
        ["to", "+491701234567"],
        ["text", Buffer.from([0xff, 0xfe])],
      ],
      400,
      "Charset or body misformed, rejected",
    ],
  ] as Array<[string, Array<[string, string | Buffer]>, number, string]>)(
    "%s: %i `%s`",
    async (_, pairs, status, body) => {
      const before = k.sends.length;
      const r = await get([...AUTH, ...pairs]);
      expect([r.statusCode, r.body]).toEqual([status, body]);
      expect(k.sends.length).toBe(before);
    },
  );

  it.each([
    ["sms.queue-full", 503, "Temporal failure, try again later."],
    ["store.full", 503, "Temporal failure, try again later."],
    ["sms.invalid-number", 400, "Number(s) has/have been denied by white- and/or black-lists."],
    ["sms.internal", 500, "Sending failed."],
  ] as const)("the SMS service refusing with %s: %i `%s`", async (code, status, body) => {
    k.state.fail = new SmsgwError(code as never, "refused");
    try {
      const r = await get([...AUTH, ["to", "+491701234567"], ["text", "x"]]);
      expect([r.statusCode, r.body]).toEqual([status, body]);
    } finally {
      delete k.state.fail;
    }
  });
});

describe("Kannel sendsms parameters", () => {
  it("several numbers separated by spaces (`+` in the URL) are one message each, duplicates once", async () => {
    await get([...AUTH, ["to", "+491701111111 +491702222222 +491701111111"], ["text", "all"]]);
    expect(last()?.to).toEqual(["+491701111111", "+491702222222"]);
  });

  it("a number Kannel would refuse among good ones is left out, the others are sent", async () => {
    await get([...AUTH, ["to", "+491701111111 x12 +491703333333"], ["text", "some"]]);
    expect(last()?.to).toEqual(["+491701111111", "+491703333333"]);
  });

  it("charset=UTF-16BE with coding=2 (playSMS): the UCS-2 bytes are the text, sent as UCS-2", async () => {
    const text = "Привет 👋";
    const r = await get([
      ...AUTH,
      ["to", "+491701234567"],
      ["charset", "UTF-16BE"],
      ["coding", "2"],
      ["text", Buffer.from(text, "utf16le").swap16()],
    ]);
    expect(r.body).toBe("0: Accepted for delivery");
    expect(last()).toMatchObject({ text, encoding: "ucs2" });
  });

  it("coding=2 without a charset reads the text as UTF-16BE, as Kannel does", async () => {
    await get([
      ...AUTH,
      ["to", "+491701234567"],
      ["coding", "2"],
      ["text", Buffer.from("Ωx", "utf16le").swap16()],
    ]);
    expect(last()?.text).toBe("Ωx");
  });

  it("charset=ISO-8859-1: each byte is its Latin-1 character (0x80–0x9F too)", async () => {
    await get([
      ...AUTH,
      ["to", "+491701234567"],
      ["charset", "ISO-8859-1"],
      ["text", Buffer.from([0x47, 0x72, 0xfc, 0xdf, 0x65, 0x80])],
    ]);
    expect(last()?.text).toBe("Grüße\u0080");
  });

  it("coding=2&charset=utf8 (RapidPro): UTF-8 text sent as UCS-2", async () => {
    await get([
      ...AUTH,
      ["to", "+491701234567"],
      ["coding", "2"],
      ["charset", "utf8"],
      ["text", "ok ✓"],
    ]);
    expect(last()).toMatchObject({ text: "ok ✓", encoding: "ucs2" });
  });

  it("without charset or coding the text is UTF-8, its encoding chosen by the text", async () => {
    await get([...AUTH, ["to", "+491701234567"], ["text", "Grüße"]]);
    expect(last()).toMatchObject({ text: "Grüße", encoding: "auto" });
  });

  it("mclass=0 is a flash SMS; mclass=1 is not", async () => {
    await get([...AUTH, ["to", "+491701234567"], ["text", "f"], ["mclass", "0"]]);
    expect(last()?.flash).toBe(true);
    await get([...AUTH, ["to", "+491701234567"], ["text", "f"], ["mclass", "1"]]);
    expect(last()?.flash).toBeUndefined();
  });

  it("validity is in minutes; deferred (minutes) delays the send", async () => {
    const before = Date.now();
    await get([
      ...AUTH,
      ["to", "+491701234567"],
      ["text", "v"],
      ["validity", "90"],
      ["deferred", "10"],
    ]);
    expect(last()?.validitySeconds).toBe(5400);
    const at = new Date(last()?.notBefore ?? 0).getTime();
    expect(at).toBeGreaterThanOrEqual(before + 600_000);
    expect(at).toBeLessThan(before + 660_000);
  });

  it("priority 1–3 is high, 0 normal", async () => {
    await get([...AUTH, ["to", "+491701234567"], ["text", "p"], ["priority", "1"]]);
    expect(last()?.priority).toBe("high");
    await get([...AUTH, ["to", "+491701234567"], ["text", "p"], ["priority", "0"]]);
    expect(last()?.priority).toBe("normal");
  });

  it("dlr-mask with bit 1 or 2 asks the network for a status report", async () => {
    await get([...AUTH, ["to", "+491701234567"], ["text", "d"], ["dlr-mask", "8"]]);
    expect(last()?.deliveryReport).toBeUndefined();
    await get([
      ...AUTH,
      ["to", "+491701234567"],
      ["text", "d"],
      ["dlr-mask", "31"],
      ["dlr-url", "http://127.0.0.1:9/d?t=%d"],
    ]);
    expect(last()?.deliveryReport).toBe(true);
  });

  it("each request is one message id of smsgw's (kannel-<uuid>), queued through the HTTP door", async () => {
    await get([...AUTH, ["to", "+491701234567"], ["text", "id"]]);
    expect(last()?.id).toMatch(/^kannel-[0-9a-f-]{36}$/);
    expect(last()?.origin).toBe("http");
  });
});

describe("Kannel sendsms users", () => {
  const SHOP: Array<[string, string]> = [
    ["username", "shop"],
    ["password", "shop-pass-22"],
  ];

  it("numbers outside the user's allowed prefixes are denied", async () => {
    const r = await get([...SHOP, ["to", "+441701234567"], ["text", "x"]]);
    expect([r.statusCode, r.body]).toEqual([
      400,
      "Number(s) has/have been denied by white- and/or black-lists.",
    ]);
  });

  it("allowed prefixes filter a list: only the allowed numbers are sent", async () => {
    await get([...SHOP, ["to", "+441701234567 +491701234567"], ["text", "x"]]);
    expect(last()?.to).toBe("+491701234567");
  });

  it("a number written without + is matched against the prefixes by its digits", async () => {
    const r = await get([...SHOP, ["to", "491701234567"], ["text", "x"]]);
    expect(r.body).toBe("0: Accepted for delivery");
    expect(last()?.to).toBe("491701234567");
  });

  it("a text longer than the user's maxMessages is refused, not cut", async () => {
    const before = k.sends.length;
    const r = await get([...SHOP, ["to", "+491701234567"], ["text", "x".repeat(161)]]);
    expect([r.statusCode, r.body]).toEqual([400, "Message too long, rejected"]);
    expect(k.sends.length).toBe(before);
  });
});

describe("Kannel sendsms over POST", () => {
  it("X-Kannel-* headers with the text as a text/plain body in its charset", async () => {
    const r = await k.app.inject({
      method: "POST",
      url: "/cgi-bin/sendsms",
      headers: {
        "content-type": "text/plain; charset=ISO-8859-1",
        "x-kannel-username": "playsms",
        "x-kannel-password": "kannel-pass-1",
        "x-kannel-to": "+491701234567 +491707654321",
        "x-kannel-mclass": "0",
        "x-kannel-priority": "2",
      },
      payload: Buffer.from([0x48, 0xe9]),
    });
    expect([r.statusCode, r.body]).toEqual([202, "0: Accepted for delivery"]);
    expect(last()).toMatchObject({
      to: ["+491701234567", "+491707654321"],
      text: "Hé",
      flash: true,
      priority: "high",
    });
  });

  it("an X-Kannel POST without a receiver: 400 `Missing receiver(s) number(s), rejected`", async () => {
    const r = await k.app.inject({
      method: "POST",
      url: "/cgi-bin/sendsms",
      headers: {
        "content-type": "text/plain",
        "x-kannel-username": "playsms",
        "x-kannel-password": "kannel-pass-1",
      },
      payload: "hi",
    });
    expect([r.statusCode, r.body]).toEqual([400, "Missing receiver(s) number(s), rejected"]);
  });

  it("a form body (application/x-www-form-urlencoded) holds the same parameters as a GET", async () => {
    const r = await k.app.inject({
      method: "POST",
      url: "/cgi-bin/sendsms",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: formEncode([...AUTH, ["to", "+491701234567"], ["text", "form ok"]]),
    });
    expect(r.body).toBe("0: Accepted for delivery");
    expect(last()?.text).toBe("form ok");
  });

  it("a JSON body: 400 `Invalid content-type`", async () => {
    const r = await k.app.inject({
      method: "POST",
      url: "/cgi-bin/sendsms",
      headers: { "content-type": "application/json" },
      payload: "{}",
    });
    expect([r.statusCode, r.body]).toEqual([400, "Invalid content-type"]);
  });
});
