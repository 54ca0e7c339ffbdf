// A Cloudflare worker: imports the package by name (no init call) and answers the cases POSTed
// to it.
import * as api from "commission-engine";
import { answer } from "../../shared/answer.mjs";

export default {
  async fetch(request) {
    return new Response(answer(api, await request.json()), {
      headers: { "content-type": "application/json" },
    });
  },
};
