// The conformance cases' matcher (tests/cases/*.json, see the contract): `expected` is a JSON
// subset of `actual`. Objects must contain every expected key with a matching value (extra
// keys are fine); arrays must have the same length and match element by element; scalars must
// be equal (strings compare exactly, a number never equals a string).

/**
 * The mismatches between `actual` and the subset `expected`, each as "path: what", where path
 * is a JSON Pointer into the result. Empty when it matches.
 */
export function subsetMismatches(actual, expected, path = "") {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path || "/"}: expected an array, got ${show(actual)}`];
    if (actual.length !== expected.length) {
      return [`${path || "/"}: expected ${expected.length} elements, got ${actual.length}: ${show(actual)}`];
    }
    return expected.flatMap((e, i) => subsetMismatches(actual[i], e, `${path}/${i}`));
  }
  if (expected !== null && typeof expected === "object") {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) {
      return [`${path || "/"}: expected an object, got ${show(actual)}`];
    }
    return Object.entries(expected).flatMap(([key, e]) => {
      const at = `${path}/${key.replaceAll("~", "~0").replaceAll("/", "~1")}`;
      if (!Object.hasOwn(actual, key)) return [`${at}: missing (expected ${show(e)})`];
      return subsetMismatches(actual[key], e, at);
    });
  }
  return actual === expected ? [] : [`${path || "/"}: expected ${show(expected)}, got ${show(actual)}`];
}

function show(value) {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 200 ? `${text.slice(0, 200)}...` : text;
}
