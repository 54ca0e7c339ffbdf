// A Deno app: imports the package by name from node_modules (no init call) and prints the
// answer to the cases read from standard input.
import * as api from "commission-engine";
import { answer } from "../shared/answer.mjs";

const cases = JSON.parse(await new Response(Deno.stdin.readable).text());
await Deno.stdout.write(new TextEncoder().encode(answer(api, cases)));
