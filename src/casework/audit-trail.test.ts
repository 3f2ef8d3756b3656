// Every action the code writes to the audit log is shown to people in plain words, not as
// its internal name. Found by reading the sources, so a new audit() call without a label
// fails here.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { ACCOUNT_ACTIONS } from "../admin/staff-accounts.ts";
import { ACTION_LABELS } from "./audit-trail.ts";

const srcDir = path.resolve(import.meta.dirname, "..");

function sources(): Array<{ file: string; text: string }> {
  return fs
    .readdirSync(srcDir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
    .map((f) => ({ file: f, text: fs.readFileSync(path.join(srcDir, f), "utf8") }));
}

/** The actions written by the code: literal ones, and the few built from a fixed list. */
function writtenActions(): Set<string> {
  const actions = new Set<string>();
  for (const { file, text } of sources()) {
    // audit(db, { …, action: "name" …
    for (const call of text.matchAll(/\baudit\(\s*\w+,\s*\{[^}]*?\baction: "([^"]+)"/g)) {
      actions.add(call[1]);
    }
    // auditContent(db, staffId, "name" or a ? "name" : "other", …
    for (const call of text.matchAll(/\bauditContent\(\s*\w+,\s*[\w.]+,\s*([^,]+),/g)) {
      for (const name of call[1].matchAll(/"([^"]+)"/g)) actions.add(`content:${name[1]}`);
    }
    // neighbourhood-${kind.noun}-added / changed / removed
    if (file.endsWith("admin-routes.ts") && /neighbourhood-\$\{kind\.noun\}/.test(text)) {
      for (const noun of text.matchAll(/\bnoun: "([^"]+)"/g)) {
        for (const done of ["added", "changed", "removed"]) {
          actions.add(`neighbourhood-${noun[1]}-${done}`);
        }
      }
    }
  }
  for (const action of ACCOUNT_ACTIONS) actions.add(`staff-account-${action}`);
  return actions;
}

test("every action written to the audit log has a label in plain words", () => {
  const actions = writtenActions();
  // The scan itself must find what it is for: a sample of each kind of call.
  for (const known of [
    "sign-in",
    "case:view",
    "password-changed",
    "content:publish",
    "content:schedule-publish",
    "neighbourhood-event-removed",
    "staff-account-reset-password",
  ]) {
    assert.ok(actions.has(known), `the scan finds ${known}`);
  }
  const missing = [...actions].filter((action) => !ACTION_LABELS[action]);
  assert.deepEqual(missing, [], "actions without a label");
  for (const label of Object.values(ACTION_LABELS)) {
    assert.match(label, /^[A-Z][^:]*$/, `"${label}" reads as words, not a code`);
  }
});
