// A Bun app: imports the package by name (no init call) and prints the answer to the cases read
// from standard input.
import * as api from "commission-engine";
import { answer } from "../shared/answer.mjs";

const cases = JSON.parse(await Bun.stdin.text());
await Bun.write(Bun.stdout, answer(api, cases));
