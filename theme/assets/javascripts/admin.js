// The brokers' editor (Decap CMS) at admin/: loaded by theme/admin.html only.
//
// - Reads and writes the files itself (a custom format) so that saving an existing story
//   changes only the fields the broker changed: comments, key order, quoting and the text
//   stay as written (the `yaml` package edits the front matter in place).
// - Refuses a save that `oqrls check` would refuse for this file (`preSave`), with the
//   generator's own French messages; the rules come from the page (generator/cms.py).
// - Gives a new file the name `oqrls new` would give it (generator/text.py slugify).
const settings = JSON.parse(document.getElementById("oqrls-cms").textContent);
const YAML = await import(new URL(settings.yaml_module, document.baseURI).href);
const ORIGINAL = "oqrls_original"; // the file as read, kept in the entry, never written
const BODY = settings.body;
const SLUG = settings.slug_field;
const MESSAGES = settings.messages;

// --- Text, as generator/text.py folds it -------------------------------------------------
const DASHES = /[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]/g;
const APOSTROPHES = /[\u2018\u2019\u02bc\u00b4\u0060]/g;

function matchKey(text) {
  const folded = String(text)
    .replace(DASHES, "-")
    .replace(APOSTROPHES, "'")
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/œ/g, "oe")
    .replace(/æ/g, "ae");
  return folded.split(/\s+/).filter(Boolean).join(" ");
}

function slugify(text) {
  return matchKey(text).replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
}

function quote(text) {
  return `« ${text} »`;
}

function format(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, name) => (name in values ? values[name] : ""));
}

// --- YAML as PyYAML reads it (YAML 1.1, dates left as text) --------------------------------
const YAML_OPTIONS = {
  version: "1.1",
  customTags: (tags) => tags.filter((tag) => tag.tag !== "tag:yaml.org,2002:timestamp"),
};
const STRINGIFY = { lineWidth: 0, flowCollectionPadding: false };

function split(raw) {
  // Same boundaries as generator/source.py: a first line `---`, then the next `---` line.
  const text = raw.replace(/^\ufeff/, "");
  const match = /^---[ \t]*\r?\n([\s\S]*?)^-{3,}[ \t]*(?:\r?\n|$)(\n*)([\s\S]*)$/m.exec(text);
  if (!match || match.index !== 0) return { front: "", gap: "\n", body: text };
  return { front: match[1], gap: match[2], body: match[3] };
}

// --- Values as the forms hold them ---------------------------------------------------------
function isEmpty(value) {
  return (
    value === undefined ||
    value === null ||
    value === "" ||
    (Array.isArray(value) && value.length === 0) ||
    (typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0)
  );
}

function termText(value) {
  // YAML reads a region code such as `05` as the number 5: give it back its two digits.
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value < 100
    ? String(value).padStart(2, "0")
    : value;
}

function normalize(rules, data) {
  // Lists written as one value become lists; terms written by label or alias become ids, so
  // the select widgets show them. Unknown terms stay as written (the check names them).
  const out = { ...data };
  for (const [key, rule] of Object.entries(rules)) {
    let value = out[key];
    if (value === undefined || value === null) continue;
    if (rule.kind === "terms" || rule.kind === "list") {
      if (!Array.isArray(value)) value = [value];
      if (rule.kind === "terms") {
        value = value.map((item) => {
          const text = termText(item);
          return typeof text === "string" ? rule.terms[matchKey(text)] ?? text : text;
        });
      }
      out[key] = value;
    } else if (rule.kind === "query" && typeof value === "object" && !Array.isArray(value)) {
      out[key] = normalize(rule.fields, value);
    } else if (rule.kind === "date" && value instanceof Date) {
      out[key] = value.toISOString().slice(0, 10);
    }
  }
  return out;
}

function comparable(rules, data) {
  // What a value means: an empty optional value is the same as no key, a default too.
  const out = {};
  for (const [key, value] of Object.entries(data)) {
    if (key === ORIGINAL || key === SLUG || key === BODY) continue;
    const rule = rules[key];
    if (isEmpty(value)) continue;
    if (rule && "default" in rule && value === rule.default) continue;
    out[key] =
      rule && rule.kind === "query" && typeof value === "object" ? comparable(rule.fields, value) : value;
    if (isEmpty(out[key])) delete out[key];
  }
  return out;
}

function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

// --- Reading and writing a file --------------------------------------------------------------
function makeFormat(collection) {
  const rules = settings.collections[collection];
  return {
    fromFile(raw) {
      const { front, body } = split(raw);
      let data = {};
      try {
        const parsed = YAML.parse(front, YAML_OPTIONS);
        if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) data = parsed;
      } catch (error) {
        // A broken front matter is shown empty; saving it is refused until it is filled.
        console.warn("en-tête YAML illisible", error);
      }
      return { ...normalize(rules, data), [BODY]: body, [ORIGINAL]: raw };
    },
    toFile(data) {
      const raw = data[ORIGINAL];
      const body = data[BODY] ?? "";
      const values = comparable(rules, data);
      if (typeof raw !== "string") return newFile(collection, values, body);
      const original = split(raw);
      let before = {};
      try {
        before = comparable(rules, normalize(rules, YAML.parse(original.front, YAML_OPTIONS) || {}));
      } catch (error) {
        before = {};
      }
      const front = same(before, values) ? original.front : splice(original.front, before, values);
      const text = body === original.body ? original.body : body;
      return `---\n${front}---\n${original.gap || "\n"}${text}`;
    },
  };
}

function render(key, value, previous) {
  // One `key: value` as YAML; a list keeps the style it had (`[a, b]` or one per line).
  const document = new YAML.Document({ [key]: value }, YAML_OPTIONS);
  const node = document.get(key, true);
  if (node && Array.isArray(value)) {
    node.flow = previous ? Boolean(previous.flow) : settings.flow_lists.includes(key);
  }
  return document.toString(STRINGIFY).replace(/\n$/, "");
}

function splice(front, before, values) {
  // Rewrite only the `key: value` of the keys whose meaning changed, in place: every other
  // byte (comments, blank lines, order, quoting, folded text) stays as the broker wrote it.
  const document = YAML.parseDocument(front, YAML_OPTIONS);
  const pairs = new Map();
  for (const pair of document.contents?.items ?? []) pairs.set(String(pair.key?.value ?? pair.key), pair);
  const edits = [];
  let added = "";
  for (const key of new Set([...Object.keys(before), ...Object.keys(values)])) {
    if (same(before[key], values[key])) continue;
    const pair = pairs.get(key);
    if (!pair || !pair.key?.range) {
      if (key in values) added += `${render(key, values[key], null)}\n`;
      continue;
    }
    const start = pair.key.range[0];
    const end = (pair.value ?? pair.key).range[1];
    if (key in values) {
      const text = render(key, values[key], pair.value);
      edits.push([start, end, front[end - 1] === "\n" ? `${text}\n` : text]);
    } else {
      const newline = front[end - 1] === "\n" ? end - 1 : front.indexOf("\n", end);
      edits.push([start, newline < 0 ? front.length : newline + 1, ""]);
    }
  }
  let text = front;
  for (const [start, end, replacement] of edits.sort((a, b) => b[0] - a[0])) {
    text = text.slice(0, start) + replacement + text.slice(end);
  }
  if (added && text && !text.endsWith("\n")) text += "\n";
  return text + added;
}

function newFile(collection, values, body) {
  // Keys in the contract's order, terms as `[a, b]` like the repository's stories.
  const ordered = {};
  for (const key of settings.order[collection]) if (key in values) ordered[key] = values[key];
  const document = new YAML.Document(ordered, YAML_OPTIONS);
  for (const key of settings.flow_lists) {
    const node = document.get(key, true);
    if (node && Array.isArray(values[key])) node.flow = true;
  }
  if (settings.schema_url && collection === settings.stories) {
    // As `oqrls new`: editors with the YAML language server check the front matter.
    document.commentBefore = ` yaml-language-server: $schema=${settings.schema_url}`;
  }
  return `---\n${document.toString(STRINGIFY)}---\n\n${body}`;
}

// --- The rules of `oqrls check`, for one file ----------------------------------------------
function check(rules, data, problems = [], prefix = "") {
  for (const [key, value] of Object.entries(data)) {
    if ([ORIGINAL, SLUG, BODY].includes(key) || rules[key]) continue;
    if (!isEmpty(value)) problems.push(`${prefix}${key} : ${format(MESSAGES.unknown_key, { key: quote(key) })}`);
  }
  for (const [key, rule] of Object.entries(rules)) {
    const value = data[key];
    const say = (message) => problems.push(`${prefix}${rule.label} : ${message}`);
    if (isEmpty(value)) {
      if (rule.required) say(rule.min_items ? format(MESSAGES.too_short, { min_length: rule.min_items }) : MESSAGES.missing);
      continue;
    }
    if (rule.kind === "terms" || rule.kind === "list") {
      const items = Array.isArray(value) ? value : [value];
      if (rule.min_items && items.length < rule.min_items) {
        say(format(MESSAGES.too_short, { min_length: rule.min_items }) + (rule.min_items > 1 ? "s" : ""));
      }
      for (const item of items) {
        const text = String(termText(item) ?? "").trim();
        if (!text) say(MESSAGES.string_too_short);
        else if (rule.kind === "terms" && !(matchKey(text) in rule.terms)) {
          say(format(MESSAGES.unknown_term, { value: quote(text), vocabulary: rule.vocabulary, hint: "" }));
        }
      }
    } else if (rule.kind === "date") {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(String(value).trim())) {
        say(format(MESSAGES.date_format, { shown: ` (reçu : ${quote(value)})` }));
      }
    } else if (rule.kind === "int") {
      if (!Number.isInteger(Number(value))) say(format(MESSAGES.int_type, { got: "" }));
      else if (rule.minimum !== undefined && Number(value) < rule.minimum) {
        say(format(MESSAGES.greater_than_equal, { ge: rule.minimum, got: "" }));
      }
    } else if (rule.kind === "text" && !String(value).trim()) {
      say(MESSAGES.string_too_short);
    } else if (rule.kind === "query" && typeof value === "object") {
      check(rule.fields, value, problems, `${rule.label} › `);
    }
  }
  return problems;
}

function refuse(problems) {
  // A string, not an Error: Decap shows it as it is in its French notice (no « Error: »).
  throw `${MESSAGES.refused} ${problems.join(" ; ")}`;
}

CMS.registerEventListener({
  name: "preSave",
  handler: ({ entry }) => {
    const collection = entry.get("collection");
    const rules = settings.collections[collection];
    if (!rules) return undefined;
    const data = entry.get("data").toJS();
    if (typeof data[ORIGINAL] === "string") {
      try {
        YAML.parse(split(data[ORIGINAL]).front, YAML_OPTIONS);
      } catch (error) {
        refuse([MESSAGES.broken_yaml]);
      }
    }
    const values = comparable(rules, data);
    const problems = check(rules, values);
    const oneOf = settings.one_of[collection];
    if (oneOf && oneOf.every((key) => isEmpty(values[key]))) {
      problems.push(`${rules[oneOf[0]].label} : ${MESSAGES.no_story}`);
    }
    if (problems.length) refuse(problems);
    // The file name of a new entry, as `oqrls new` makes it (« l'école » → l-ecole).
    return entry.get("data").set(SLUG, slugify(data.title || ""));
  },
});

for (const collection of Object.keys(settings.collections)) {
  CMS.registerCustomFormat(`oqrls-${collection}`, "md", makeFormat(collection));
}
CMS.init();
