// Finds the kubernetes-models class for a document's apiVersion and kind. Core and built-in API groups come
// from kubernetes-models; custom resources from the @kubernetes-models package that knows their group.
const CUSTOM_RESOURCE_PACKAGES = {
  "keda.sh": "@kubernetes-models/keda",
};

/** The model class, or null when no installed package has a schema for this apiVersion and kind. */
export async function modelFor(apiVersion, kind) {
  if (typeof apiVersion !== "string" || typeof kind !== "string" || !/^[A-Za-z0-9]+$/.test(kind)) {
    return null;
  }
  const slash = apiVersion.indexOf("/");
  const group = slash < 0 ? "" : apiVersion.slice(0, slash);
  const pkg = CUSTOM_RESOURCE_PACKAGES[group] ?? "kubernetes-models";
  // kubernetes-models/apps/v1/Deployment, kubernetes-models/v1/Service, @kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject
  try {
    const module = await import(`${pkg}/${apiVersion}/${kind}`);
    return module[kind] ?? null;
  } catch (e) {
    if (e.code === "ERR_MODULE_NOT_FOUND" || e.code === "ERR_PACKAGE_PATH_NOT_EXPORTED") {
      return null;
    }
    throw e;
  }
}
