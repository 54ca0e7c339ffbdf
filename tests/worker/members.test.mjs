// The scanner that cuts a request body into its top-level members' raw JSON text.

import assert from "node:assert/strict";
import { test } from "node:test";
import { DuplicateMemberError, EnvelopeSyntaxError, topLevelMembers } from "../../worker/src/members.js";

test("each member's text is kept exactly as written", () => {
  const text =
    ' {\n "plan" :{"a":[1, 2.50, {"b":"}]\\"\\\\"}]} ,"sales":\t100.10000000000000000001,\r\n"options":null, "x": "a\\"b" , "t":true,"e":[],"o":{} }\n';
  const members = topLevelMembers(text);
  assert.deepEqual([...members.keys()], ["plan", "sales", "options", "x", "t", "e", "o"]);
  assert.equal(members.get("plan"), '{"a":[1, 2.50, {"b":"}]\\"\\\\"}]}');
  assert.equal(members.get("sales"), "100.10000000000000000001");
  assert.equal(members.get("options"), "null");
  assert.equal(members.get("x"), '"a\\"b"');
  assert.equal(members.get("t"), "true");
  assert.equal(members.get("e"), "[]");
  assert.equal(members.get("o"), "{}");
});

test("an empty object has no members", () => {
  assert.equal(topLevelMembers("{}").size, 0);
  assert.equal(topLevelMembers(" { \n } ").size, 0);
});

test("escaped names are decoded", () => {
  const members = topLevelMembers('{"pl\\u0061n": 1, "a\\\\": 2}');
  assert.deepEqual(
    [...members.entries()],
    [
      ["plan", "1"],
      ["a\\", "2"],
    ],
  );
});

test("a repeated name is refused, even written with escapes, rather than hiding the first value", () => {
  for (const [text, name, offset] of [
    ['{"plan": NaN-garbage, "plan": {}}', "plan", 22],
    ['{"pl\\u0061n": 1, "a": 2, "plan": 3}', "plan", 25],
    ['{"x":1,"x":1}', "x", 7],
  ]) {
    assert.throws(
      () => topLevelMembers(text),
      (e) => e instanceof DuplicateMemberError && e.member === name && e.offset === offset,
      text,
    );
  }
});

test("every member parses to what JSON.parse gives, for generated documents", () => {
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = (items) => items[Math.floor(random() * items.length)];
  const strings = ["", "plain", 'q"uote', "back\\slash", '\\\\"', "}]{[", "é ✓ \u2028", "\n\t", "\\"];
  const value = (depth) => {
    const kind = depth > 3 ? pick(["s", "n", "l"]) : pick(["s", "n", "l", "a", "o"]);
    if (kind === "s") return pick(strings);
    if (kind === "n") return pick([0, -1, 2.5, 1e21, -0.001, 123456789]);
    if (kind === "l") return pick([true, false, null]);
    if (kind === "a") return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
    return Object.fromEntries(
      Array.from({ length: Math.floor(random() * 4) }, () => [pick(strings), value(depth + 1)]),
    );
  };
  for (let i = 0; i < 500; i++) {
    const doc = Object.fromEntries(
      Array.from({ length: 1 + Math.floor(random() * 5) }, (_, k) => [`${pick(strings)}${k}`, value(0)]),
    );
    const text = JSON.stringify(doc, null, i % 3 === 0 ? 2 : undefined);
    const members = topLevelMembers(text);
    assert.deepEqual(Object.fromEntries([...members].map(([k, v]) => [k, JSON.parse(v)])), doc, text);
  }
});

test("a broken object is refused with the offset where the scan stopped", () => {
  const broken = {
    '{"a" 1}': 5,
    '{"a":}': 5,
    '{"a":1,}': 7,
    '{"a":1} x': 8,
    '{"a":"x': 5,
    '{"a":[1,"]",2': 5,
    '{"a":1 "b":2}': 7,
    "{a:1}": 1,
    '{"a":1': 6,
    '{"\\u00zz":1}': 1,
    "{": 1,
  };
  for (const [text, offset] of Object.entries(broken)) {
    assert.throws(
      () => topLevelMembers(text),
      (e) => e instanceof EnvelopeSyntaxError && e.offset === offset,
      text,
    );
  }
});
