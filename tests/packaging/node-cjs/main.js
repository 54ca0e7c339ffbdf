// A CommonJS Node app: `require`s the package by name (no init call) and prints the answer to
// the cases read from standard input.
const { readFileSync } = require("node:fs");
const api = require("commission-engine");

import("../shared/answer.mjs").then(({ answer }) => {
  process.stdout.write(answer(api, JSON.parse(readFileSync(0, "utf8"))));
});
