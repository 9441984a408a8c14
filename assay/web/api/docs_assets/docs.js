// Renders /api/v1/openapi.json as a readable list of operations (no third-party code).
"use strict";

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function schemaText(schema, spec, depth) {
  if (!schema) return "";
  if (schema.$ref) {
    const name = schema.$ref.split("/").pop();
    if (depth > 2) return name;
    return schemaText(spec.components.schemas[name], spec, depth + 1);
  }
  if (schema.anyOf) return schema.anyOf.map((s) => schemaText(s, spec, depth)).join(" | ");
  if (schema.type === "array") return schemaText(schema.items, spec, depth) + "[]";
  if (schema.type === "object" && schema.properties) {
    const pad = "  ".repeat(depth + 1);
    const lines = Object.entries(schema.properties).map(
      ([key, value]) => `${pad}${key}: ${schemaText(value, spec, depth + 1)}`
    );
    return "{\n" + lines.join("\n") + "\n" + "  ".repeat(depth) + "}";
  }
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  return schema.type || "any";
}

function parameterTable(params, spec) {
  if (!params || !params.length) return null;
  const rows = params.map((p) =>
    el("tr", {},
      el("td", {}, el("code", {}, p.name), p.required ? " *" : ""),
      el("td", {}, p.in),
      el("td", {}, schemaText(p.schema, spec, 0)),
      el("td", {}, p.description || (p.schema && p.schema.description) || ""))
  );
  return el("table", {},
    el("thead", {}, el("tr", {}, el("th", {}, "parameter"), el("th", {}, "in"),
      el("th", {}, "type"), el("th", {}, "meaning"))),
    el("tbody", {}, ...rows));
}

function responseList(responses, spec) {
  const items = Object.entries(responses || {}).map(([status, resp]) => {
    const content = resp.content || {};
    const types = Object.keys(content);
    const json = content["application/json"];
    return el("li", {}, el("strong", {}, status), " ", resp.description || "",
      types.length ? ` (${types.join(", ")})` : "",
      json && json.schema ? el("pre", {}, schemaText(json.schema, spec, 0)) : null);
  });
  return el("ul", {}, ...items);
}

function render(spec, root) {
  root.replaceChildren();
  const byTag = new Map();
  for (const [path, ops] of Object.entries(spec.paths || {})) {
    for (const [method, op] of Object.entries(ops)) {
      const tag = (op.tags && op.tags[0]) || "other";
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag).push([path, method, op]);
    }
  }
  for (const [tag, ops] of byTag) {
    root.append(el("h2", { id: "tag-" + tag }, tag));
    for (const [path, method, op] of ops) {
      const secured = op.security && op.security.length;
      root.append(el("details", { class: "op" },
        el("summary", {},
          el("span", { class: "method " + method }, method),
          el("span", { class: "path" }, path),
          el("span", { class: "summary" }, op.summary || ""),
          secured ? el("span", { class: "lock", title: "accepts an API key" }, "key") : null),
        el("div", { class: "body" },
          op.description ? el("p", {}, op.description) : null,
          parameterTable(op.parameters, spec),
          el("h4", {}, "Responses"),
          responseList(op.responses, spec))));
    }
  }
}

document.addEventListener("DOMContentLoaded", () => {
  const root = document.getElementById("docs");
  fetch(root.dataset.spec)
    .then((response) => response.json())
    .then((spec) => render(spec, root))
    .catch((error) => root.replaceChildren(el("p", {}, "Could not load the document: " + error)));
});
