// Helpers shared by the start and test scripts.

import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const root = fileURLToPath(new URL("..", import.meta.url));

/** The scripts of package.json (read now: other scripts may be added by others). */
export function packageScripts() {
  return JSON.parse(readFileSync(join(root, "package.json"), "utf8")).scripts ?? {};
}

/** Runs a command in the repository root with inherited output; returns its exit status. */
export function run(command, args, env = {}) {
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, PATH: `${process.env.HOME}/.cargo/bin:${process.env.PATH}`, ...env },
  });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

/** True when pkg/ is missing or older than a source it is built from. */
export function packageIsStale() {
  const built = mtime(join(root, "pkg", "documents.d.ts"));
  if (built === 0) return true;
  const sources = ["Cargo.toml", "Cargo.lock", "src", "scripts/build.sh", "scripts/types.mjs"];
  return sources.some((s) => newest(join(root, s)) > built);
}

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function newest(path) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), stat.mtimeMs);
}
