// Where the WebAssembly module's bytes go, by crate and by function (a twiggy-style "top" and a
// per-crate sum), read from the module's name section.
//
//   node bench/sizes.mjs [MODULE.wasm] [--top 25]
//
// The module must keep its names: the ones scripts/build.sh keeps from before wasm-opt
// (target/wasm-names/main.wasm, the default, and target/wasm-names/scale.wasm, the `scale`
// module), or pkg's after `wasm-opt -O3 -g`. Each function's body is attributed to a crate by its (demangled) name: for
// `<T as Trait>::f` the crate of T, except serde's generated (de)serializers of the engine's
// types, which are counted apart (`serde derive (engine types)`), as are core::fmt, the data
// segments and the module's other sections.

import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: "string", default: "25" } },
});
const path = positionals[0] ?? new URL("../target/wasm-names/main.wasm", import.meta.url);
const bytes = readFileSync(path);

let pos = 8;
const u32 = () => {
  let result = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[pos++];
    result += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (b < 0x80) return result;
  }
};
const name = () => {
  const n = u32();
  const s = bytes.toString("utf8", pos, pos + n);
  pos += n;
  return s;
};

const sections = [];
let importedFunctions = 0;
let bodies = [];
const names = new Map();
while (pos < bytes.length) {
  const id = bytes[pos++];
  const size = u32();
  const start = pos;
  const end = start + size;
  let label =
    [
      "custom",
      "type",
      "import",
      "function",
      "table",
      "memory",
      "global",
      "export",
      "start",
      "element",
      "code",
      "data",
      "data count",
    ][id] ?? `section ${id}`;
  if (id === 0) {
    const custom = name();
    label = `custom "${custom}"`;
    if (custom === "name") {
      while (pos < end) {
        const sub = bytes[pos++];
        const subSize = u32();
        const subEnd = pos + subSize;
        if (sub === 1) {
          const count = u32();
          for (let i = 0; i < count; i++) {
            const index = u32();
            names.set(index, demangle(name()));
          }
        }
        pos = subEnd;
      }
    }
  } else if (id === 2) {
    const count = u32();
    for (let i = 0; i < count; i++) {
      name();
      name();
      const kind = bytes[pos++];
      if (kind === 0) {
        u32();
        importedFunctions++;
      } else if (kind === 1) {
        pos++;
        const flags = u32();
        u32();
        if (flags & 1) u32();
      } else if (kind === 2) {
        const flags = u32();
        u32();
        if (flags & 1) u32();
      } else {
        pos += 2;
      }
    }
  } else if (id === 10) {
    const count = u32();
    for (let i = 0; i < count; i++) {
      const bodySize = u32();
      bodies.push({ index: importedFunctions + i, size: bodySize + 1, start: pos, end: pos + bodySize });
      pos += bodySize;
    }
  }
  sections.push({ label, size: size + 1 + 5 });
  pos = end;
}

/** Demangles a Rust legacy symbol (`_ZN...E`); other names are returned as they are. */
function demangle(symbol) {
  if (!symbol?.startsWith("_ZN")) return symbol;
  let i = 3;
  const parts = [];
  while (i < symbol.length && symbol[i] !== "E") {
    let n = 0;
    while (symbol[i] >= "0" && symbol[i] <= "9") n = n * 10 + Number(symbol[i++]);
    if (n === 0) break;
    parts.push(symbol.slice(i, i + n));
    i += n;
  }
  if (/^h[0-9a-f]{16}$/.test(parts.at(-1) ?? "")) parts.pop();
  const escapes = { SP: "@", BP: "*", RF: "&", LT: "<", GT: ">", LP: "(", RP: ")", C: "," };
  return parts
    .map((p) =>
      p
        .replace(/^_\$/, "$")
        .replace(/\$([A-Z]{1,2})\$/g, (m, e) => escapes[e] ?? m)
        .replace(/\$u([0-9a-f]{2,6})\$/g, (_, h) => String.fromCodePoint(parseInt(h, 16)))
        .replaceAll("..", "::"),
    )
    .join("::");
}

/** The crate (or group) a function's name belongs to. */
function crateOf(fn) {
  if (!fn) return "(no name)";
  if (fn.startsWith("_R")) return /4core|5alloc|3std/.test(fn) ? "core/alloc/std" : "(v0 symbols)";
  if (fn.includes("schemars::")) return "schemars (with its derives)";
  const isSerde =
    /\bserde(_core)?::/.test(fn) ||
    /__Visitor|__FieldVisitor|__Field\b|__DeserializeWith|__SerializeWith/.test(fn);
  if (isSerde && fn.includes("commission_engine::")) return "serde derive (engine types)";
  if (/^<?&?(mut )?core::fmt|^core::fmt|<core::fmt::/.test(fn)) return "core::fmt";
  let m = /^<+&?(?:mut )?(?:\[|\()?&?(?:mut )?([A-Za-z_][A-Za-z0-9_]*)::/.exec(fn);
  if (!m) m = /^([A-Za-z_][A-Za-z0-9_]*)::/.exec(fn);
  if (!m) return fn.startsWith("<") ? "(generic impls)" : fn.replace(/\$.*/, "");
  const crate = m[1];
  if (["core", "alloc", "std", "compiler_builtins", "dlmalloc", "hashbrown"].includes(crate))
    return "core/alloc/std";
  if (crate === "serde_core") return "serde";
  return crate;
}

const total = bytes.length;
const byCrate = new Map();
const bodiesOf = new Map();
for (const b of bodies) {
  const c = crateOf(names.get(b.index));
  byCrate.set(c, (byCrate.get(c) ?? 0) + b.size);
  if (!bodiesOf.has(c)) bodiesOf.set(c, []);
  bodiesOf.get(c).push(bytes.subarray(b.start, b.end));
}
/** gzip -9 of a group's function bodies on their own: what the group alone would cost gzipped. */
const gzipped = (c) => gzipSync(Buffer.concat(bodiesOf.get(c) ?? []), { level: 9 }).length;
const code = bodies.reduce((s, b) => s + b.size, 0);

const pct = (n) => `${((100 * n) / code).toFixed(1)} %`;
console.log(
  `${path}: ${total.toLocaleString("en")} bytes, ${bodies.length} functions (${code.toLocaleString("en")} bytes of code), ${names.size} names`,
);
console.log(`sections: ${sections.map((s) => `${s.label} ${s.size.toLocaleString("en")}`).join(", ")}`);
console.log(
  `code section alone, gzip -9: ${gzipSync(Buffer.concat(bodies.map((b) => bytes.subarray(b.start, b.end))), { level: 9 }).length.toLocaleString("en")} bytes`,
);
console.log(
  "\n| crate / group (code section) | bytes | share of code | its bodies alone, gzip -9 |\n|---|---:|---:|---:|",
);
for (const [c, n] of [...byCrate].sort((a, b) => b[1] - a[1]).slice(0, 16))
  console.log(`| ${c} | ${n.toLocaleString("en")} | ${pct(n)} | ${gzipped(c).toLocaleString("en")} |`);
console.log(`\nlargest functions:\n\n| function | bytes | share of code |\n|---|---:|---:|`);
for (const b of [...bodies].sort((a, b) => b.size - a.size).slice(0, Number(values.top))) {
  const n = (names.get(b.index) ?? `func[${b.index}]`).replace(/::h[0-9a-f]{16}$/, "").replaceAll("|", "\\|");
  console.log(
    `| \`${n.length > 110 ? n.slice(0, 107) + "..." : n}\` | ${b.size.toLocaleString("en")} | ${pct(b.size)} |`,
  );
}
