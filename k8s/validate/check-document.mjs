import { modelFor } from "./models.mjs";
import { recordReads, unreadFields } from "./unknown-fields.mjs";

/** Problems with one Kubernetes object (a plain JS value), as messages; none means it is valid. */
export async function checkDocument(doc) {
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
    return ["not a Kubernetes object (a YAML mapping with apiVersion and kind)"];
  }
  const model = await modelFor(doc.apiVersion, doc.kind);
  if (model === null) {
    return [`no schema for apiVersion ${doc.apiVersion} kind ${doc.kind}: cannot validate it`];
  }
  const seen = new Set();
  try {
    // The model's validate() runs on whatever `this` is: give it the recording proxy, not a copy.
    model.prototype.validate.call(recordReads(doc, seen));
  } catch (e) {
    // Unread fields are only meaningful once the schema passed: a failed branch may stop reading early.
    return [e.message];
  }
  return unreadFields(doc, seen).map((path) => `${path}: unknown field (not in the ${doc.kind} schema)`);
}
