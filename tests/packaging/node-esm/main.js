// A Node ES module app: imports the package by name (no init call) and prints the answer to
// the cases read from standard input.
import { readFileSync } from "node:fs";
import * as api from "commission-engine";
import { answer } from "../shared/answer.mjs";

process.stdout.write(answer(api, JSON.parse(readFileSync(0, "utf8"))));
