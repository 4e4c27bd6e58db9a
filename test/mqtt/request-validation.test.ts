import { describe, expect, it } from "vitest";
import { SmsgwError } from "../../src/errors.js";
import {
  health,
  parseBody,
  queueCancel,
  send,
  sendRequestOf,
} from "../../src/mqtt/handlers/index.js";
import {
  MQTT_FIELDS,
  parseJsonPayload,
  parseTextSend,
  readRequestBody,
  transactionOf,
} from "../../src/mqtt/requests.js";

/** A body as MQTT reads it: the request's fields plus `transaction`, checked by the table entry. */
const parseSendRequest = (value: unknown) => sendRequestOf(parseBody(send, value, MQTT_FIELDS));
const parseCancelRequest = (value: unknown) => parseBody(queueCancel, value, MQTT_FIELDS);
const parseEmptyRequest = (payload: Buffer, maxBytes: number) =>
  parseBody(
    health,
    readRequestBody("health", { kind: "json" }, payload, false, maxBytes, {}),
    MQTT_FIELDS,
  );

function failure(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (err) {
    if (err instanceof SmsgwError) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error("expected a refusal");
}

describe("a JSON payload", () => {
  it("over the size limit is refused before it is read", () => {
    expect(failure(() => parseJsonPayload(Buffer.alloc(1024 * 1024, 0x61), 65536))).toEqual({
      code: "mqtt.payload-too-large",
      message: "the payload has 1048576 bytes; at most 65536 are accepted",
    });
  });

  it("that is not JSON is refused with the parser's reason", () => {
    expect(failure(() => parseJsonPayload(Buffer.from("{to: 1"), 65536)).code).toBe(
      "mqtt.invalid-json",
    );
  });

  it("that is not UTF-8 is refused", () => {
    expect(failure(() => parseJsonPayload(Buffer.from([0x7b, 0xff, 0x7d]), 65536))).toEqual({
      code: "mqtt.invalid-payload",
      message: "the payload is not UTF-8 text",
    });
  });

  it("that is empty is refused", () => {
    expect(failure(() => parseJsonPayload(Buffer.alloc(0), 65536)).code).toBe("mqtt.invalid-json");
  });
});

describe("a send request", () => {
  it("becomes the service's request with validity as validitySeconds", () => {
    expect(
      parseSendRequest({
        to: ["+491701234567", "0170123456"],
        text: "hi",
        id: "a1",
        priority: "high",
        flash: true,
        validity: 3600,
        deliveryReport: false,
        encoding: "ucs2",
        transaction: 7,
      }),
    ).toEqual({
      to: ["+491701234567", "0170123456"],
      text: "hi",
      id: "a1",
      priority: "high",
      flash: true,
      validitySeconds: 3600,
      deliveryReport: false,
      encoding: "ucs2",
    });
  });

  it("that is not an object is refused with an example", () => {
    expect(failure(() => parseSendRequest([1, 2]))).toEqual({
      code: "mqtt.invalid-request",
      message: 'expected a JSON object like {"to": "+491701234567", "text": "hello"}',
    });
  });

  it("with wrong types names every bad field", () => {
    expect(
      failure(() => parseSendRequest({ to: 491701234567, text: 5, flash: "yes" })).message,
    ).toBe(
      "`to`: expected a phone number (a string) or a list of them; `text`: expected the message text (a string); `flash`: must be true or false",
    );
  });

  it("with an unknown field is refused (a typo would otherwise be ignored)", () => {
    expect(
      failure(() => parseSendRequest({ to: "+491701234567", txt: "hi", text: "x" })).message,
    ).toBe("unknown field `txt`");
  });

  it("with a priority outside high, normal, low is refused", () => {
    expect(
      failure(() => parseSendRequest({ to: "1234", text: "x", priority: "urgent" })).message,
    ).toBe("`priority`: must be high, normal or low");
  });

  it("with both validity and validitySeconds is refused", () => {
    expect(
      failure(() => parseSendRequest({ to: "1234", text: "x", validity: 1, validitySeconds: 2 }))
        .message,
    ).toBe("give `validity` or `validitySeconds`, not both");
  });
});

describe("a plain-text send", () => {
  it("takes the payload as the text and drops one trailing newline", () => {
    expect(parseTextSend("+491701234567", Buffer.from("Door open\n"), 65536)).toEqual({
      to: "+491701234567",
      text: "Door open",
    });
  });

  it("keeps emoji and other UTF-8 text", () => {
    expect(parseTextSend("2222", Buffer.from("🔥 Alarm"), 65536).text).toBe("🔥 Alarm");
  });
});

describe("the transaction of a request", () => {
  it("is echoed when it is a string or a number", () => {
    expect([transactionOf({ transaction: "t1" }), transactionOf({ transaction: 3 })]).toEqual([
      "t1",
      3,
    ]);
  });

  it("is left out when missing or of another type", () => {
    expect([transactionOf({}), transactionOf({ transaction: {} }), transactionOf("x")]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe("requests without arguments", () => {
  it("accept an empty payload", () => {
    expect(parseEmptyRequest(Buffer.alloc(0), 65536)).toEqual({});
  });

  it("refuse unknown fields", () => {
    expect(failure(() => parseEmptyRequest(Buffer.from('{"x":1}'), 65536)).message).toBe(
      "unknown field `x`",
    );
  });
});

describe("a cancel request", () => {
  it("needs the message id", () => {
    expect(failure(() => parseCancelRequest({})).message).toBe(
      "`id`: expected the message id (a string)",
    );
  });
});
