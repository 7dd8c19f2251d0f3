// The kubernetes-models validators check types, enums and required fields, but accept any field they do not
// know: the Kubernetes schemas they are made from do not say additionalProperties: false. A misspelt field
// (terminationGracePeriodSecond) then passes here and is silently dropped by the API server.
//
// These validators are compiled code, not schemas we could make stricter. What they do reveal is which
// fields they look at: a validator reads every property its schema declares, and every key of a map
// (additionalProperties). So we hand the validator a proxy that records each property it reads; any field
// of the document it never read is one its schema does not have.

/** Wraps value so that every own property read through it (at any depth) adds its path to seen. */
export function recordReads(value, seen, path = "") {
  if (value === null || typeof value !== "object") {
    return value;
  }
  return new Proxy(value, {
    get(target, key, receiver) {
      const v = Reflect.get(target, key, receiver);
      if (typeof key !== "string" || !Object.hasOwn(target, key)) {
        return v;
      }
      const childPath = `${path}/${key}`;
      seen.add(childPath);
      return recordReads(v, seen, childPath);
    },
  });
}

/** The paths (JSON pointers) of the fields of value that were never read, outermost only. */
export function unreadFields(value, seen, path = "") {
  if (value === null || typeof value !== "object") {
    return [];
  }
  return Object.keys(value).flatMap((key) => {
    const childPath = `${path}/${key}`;
    return seen.has(childPath) ? unreadFields(value[key], seen, childPath) : [childPath];
  });
}
