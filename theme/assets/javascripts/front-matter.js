// The front matter of a story or a bulletin, read as `oqrls check` reads it and written back
// as the broker wrote it. Shared by the editor (admin.js, in the browser) and the test that
// proves the editor, the JSON Schema and `oqrls check` agree (tests/test_schema.py, in Node).
// Nothing here knows Decap CMS or the page: the rules come from generator/tools/editor_rules.py, which takes
// them from the same pydantic contracts, vocabularies and YAML reader as the validator.

// --- Text, as generator/model/text.py folds it -------------------------------------------------
const DASHES = /[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]/g;
const APOSTROPHES = /[\u2018\u2019\u02bc\u00b4\u0060]/g;

export function matchKey(text) {
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

export function slugify(text) {
  return matchKey(text).replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
}

function quote(text) {
  return `« ${text} »`;
}

function format(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, name) => (name in values ? values[name] : ""));
}

// --- YAML as generator/model/yamlsource.py reads it ----------------------------------------------

/** A YAML float (`1.0`, `.5`): the validator never takes it for a text or a term, even when
 * its value is whole, so it must not look like the integer JavaScript would make of it. */
export class YamlFloat {
  constructor(value) {
    this.value = value;
  }
  valueOf() {
    return this.value;
  }
  toJSON() {
    return { float: String(this.value) };
  }
}

const RESOLVE = {
  "tag:yaml.org,2002:bool": (text) => /^t/i.test(text),
  "tag:yaml.org,2002:int": (text) => Number(text),
  "tag:yaml.org,2002:float": (text) => {
    if (/nan$/i.test(text)) return new YamlFloat(NaN);
    if (/inf$/i.test(text)) return new YamlFloat(text.startsWith("-") ? -Infinity : Infinity);
    return new YamlFloat(Number(text));
  },
  "tag:yaml.org,2002:null": () => null,
};

const IDENTIFY = {
  "tag:yaml.org,2002:bool": (value) => typeof value === "boolean",
  "tag:yaml.org,2002:int": (value) => typeof value === "number" && Number.isInteger(value),
  "tag:yaml.org,2002:float": (value) => value instanceof YamlFloat,
  "tag:yaml.org,2002:null": (value) => value === null || value === undefined,
};

function stringifyScalar({ value }) {
  if (value === null || value === undefined) return "null";
  if (value instanceof YamlFloat) {
    const number = value.value;
    if (Number.isNaN(number)) return ".nan";
    if (!Number.isFinite(number)) return number > 0 ? ".inf" : "-.inf";
    return Number.isInteger(number) ? `${number}.0` : String(number);
  }
  return String(value);
}

/** Options of the `yaml` package that read a front matter as the validator does: YAML 1.2
 * plain scalars by the very patterns of `generator.model.yamlsource` (`017`, `0x05`, `yes` and dates
 * stay texts), `<<` merges. `scalars` is `[tag, pattern]`, from the page's rules. */
export function yamlOptions(scalars) {
  const tags = scalars
    .filter(([tag]) => tag in RESOLVE)
    .map(([tag, pattern]) => ({
      tag,
      default: true,
      test: new RegExp(`^(?:${pattern})$`),
      resolve: RESOLVE[tag],
      identify: IDENTIFY[tag],
      stringify: stringifyScalar,
    }));
  return { version: "1.2", schema: "failsafe", customTags: tags, merge: true };
}

export const STRINGIFY = { lineWidth: 0, flowCollectionPadding: false };

/** A file in its parts, every byte kept: `head` (byte-order mark, opening line), `front`,
 * `close` (closing line) and `body`; `eol` is the file's line end. Line ends inside `front`
 * and `body` are `\n` (as the validator reads them); `join` puts the file's back. */
export function split(raw) {
  const bom = raw.startsWith("\ufeff") ? "\ufeff" : "";
  // The file's line end: the one of most of its lines.
  const crlf = (raw.match(/\r\n/g) ?? []).length;
  const eol = crlf * 2 > (raw.match(/\n/g) ?? []).length ? "\r\n" : "\n";
  const text = raw.slice(bom.length).replace(/\r\n?/g, "\n");
  const match = /^(-{3,}[ \t]*\n)([\s\S]*?\n|)(-{3,}[ \t]*(?:\n|$))([\s\S]*)$/.exec(text);
  if (!match) return { found: false, bom, eol, head: "", front: "", close: "", body: text };
  const [, head, front, close, body] = match;
  return { found: true, bom, eol, head, front, close, body };
}

export function join(parts, raw = "") {
  // The lines the edit left alone keep their own line ends (a file may mix them); the
  // others take the file's.
  const text = parts.head + parts.front + parts.close + parts.body;
  const old = raw.slice(parts.bom.length).split(/(?<=\n)/);
  const bare = old.map((line) => line.replace(/\r\n$/, "\n"));
  const lines = text.split(/(?<=\n)/);
  let head = 0;
  while (head < lines.length && head < old.length && lines[head] === bare[head]) head += 1;
  let tail = 0;
  while (
    tail < lines.length - head &&
    tail < old.length - head &&
    lines[lines.length - 1 - tail] === bare[old.length - 1 - tail]
  ) {
    tail += 1;
  }
  const changed = lines
    .slice(head, lines.length - tail)
    .map((line) => (line.endsWith("\n") ? line.slice(0, -1) + parts.eol : line));
  return parts.bom + [...old.slice(0, head), ...changed, ...old.slice(old.length - tail)].join("");
}

// --- Values ---------------------------------------------------------------------------------
export function isEmpty(value) {
  return (
    value === undefined ||
    value === null ||
    value === "" ||
    (Array.isArray(value) && value.length === 0) ||
    (typeof value === "object" &&
      !Array.isArray(value) &&
      !(value instanceof YamlFloat) &&
      Object.keys(value).length === 0)
  );
}

function isInteger(value) {
  return typeof value === "number" && Number.isInteger(value);
}

function termText(value) {
  // The validator's `_term_text`: YAML reads a region code written `5` as a number.
  return isInteger(value) && value >= 0 && value < 100 ? String(value).padStart(2, "0") : value;
}

function oneOrMany(rule, value) {
  // The validator's `OneOrMany`: a text or an integer stands for a one-item list.
  return rule.one_or_many && (typeof value === "string" || isInteger(value)) ? [value] : value;
}

function shown(value) {
  // generator.model.messages.shown_value
  if (Array.isArray(value)) return " (reçu : une liste)";
  if (value === null || value === undefined) return " (reçu : rien)";
  if (typeof value === "boolean") return ` (reçu : ${value})`;
  if (typeof value === "number") return ` (reçu : le nombre ${value})`;
  if (value instanceof YamlFloat) return ` (reçu : le nombre ${pythonFloat(value.value)})`;
  if (typeof value === "object") return " (reçu : une suite de clés)";
  return ` (reçu : ${quote(value)})`;
}

function pythonFloat(number) {
  // How Python prints a float: `5.0`, `1e+20`, `inf`.
  if (Number.isNaN(number)) return "nan";
  if (!Number.isFinite(number)) return number > 0 ? "inf" : "-inf";
  if (Number.isInteger(number) && Math.abs(number) < 1e16) return `${number}.0`;
  return String(number);
}

function isoDateProblem(value, messages) {
  const text = typeof value === "string" ? value.trim() : null;
  const match = text === null ? null : /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return format(messages.date_format, { shown: shown(value) });
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  date.setUTCFullYear(year); // years before 100 are not 19xx
  const real =
    year >= 1 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real ? null : format(messages.date_parsing, { got: shown(value) });
}

function textProblem(value, messages) {
  if (typeof value !== "string") return format(messages.string_type, { got: shown(value) });
  return new RegExp(messages.blank_pattern, "u").test(value) ? null : messages.string_too_short;
}

function intProblem(rule, value, messages) {
  let number = null;
  if (isInteger(value)) number = value;
  else if (value instanceof YamlFloat && Number.isInteger(value.value)) number = value.value;
  else if (typeof value === "string" && /^\s*[-+]?\d+\s*$/.test(value)) number = Number(value);
  if (number === null) return format(messages.int_type, { got: shown(value) });
  if (rule.minimum !== undefined && number < rule.minimum) {
    return format(messages.greater_than_equal, { ge: rule.minimum, got: shown(value) });
  }
  return null;
}

/** Every problem `oqrls check` finds in one front matter (already parsed), for one
 * collection's rules: `[{key, message}]`, `key` null for the front matter as a whole. */
export function checkData(rules, data, messages) {
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    return [{ key: null, message: format(messages.dict_type, { got: shown(data) }) }];
  }
  const problems = [];
  const say = (key, message) => problems.push({ key, message });
  for (const key of Object.keys(data)) {
    if (!(key in rules)) say(key, format(messages.unknown_key, { key: quote(key) }));
  }
  for (const [key, rule] of Object.entries(rules)) {
    if (!(key in data)) {
      if (rule.required) say(key, messages.missing);
      continue;
    }
    for (const message of valueProblems(rule, data[key], messages)) say(key, message);
  }
  return problems;
}

function valueProblems(rule, raw, messages) {
  if (raw === null && rule.nullable) return [];
  if (rule.kind === "text") return [textProblem(raw, messages)].filter(Boolean);
  if (rule.kind === "bool") {
    return typeof raw === "boolean" ? [] : [format(messages.bool_type, { got: shown(raw) })];
  }
  if (rule.kind === "date") return [isoDateProblem(raw, messages)].filter(Boolean);
  if (rule.kind === "int") return [intProblem(rule, raw, messages)].filter(Boolean);
  if (rule.kind === "query") {
    return checkData(rule.fields, raw, messages).map(({ key, message }) =>
      key ? `${rule.fields[key]?.label ?? key} : ${message}` : message,
    );
  }
  if (rule.kind !== "terms" && rule.kind !== "list") return [];
  const value = oneOrMany(rule, raw);
  if (!Array.isArray(value)) return [format(messages.list_type, { got: shown(raw) })];
  const problems = [];
  if (rule.min_items && value.length < rule.min_items) {
    problems.push(format(messages.too_short, { min_length: rule.min_items }));
  }
  for (const item of value) {
    if (rule.kind === "list") {
      const problem = textProblem(item, messages);
      if (problem) problems.push(problem);
      continue;
    }
    const text = termText(item);
    if (typeof text !== "string") {
      problems.push(format(messages.string_type, { got: shown(item) }));
    } else if (!(matchKey(text) in rule.terms)) {
      problems.push(
        format(messages.unknown_term, { value: quote(text), vocabulary: rule.vocabulary, hint: "" }),
      );
    }
  }
  return problems;
}

/** What `oqrls check` says of a whole file's front matter: `[{key, message}]`. */
export function checkText(YAML, settings, collection, raw) {
  const messages = settings.messages;
  const parts = split(raw);
  if (!parts.found) return [{ key: null, message: messages.no_front_matter }];
  let data;
  try {
    data = parseFront(YAML, settings, parts.front);
  } catch (error) {
    return [{ key: null, message: messages.broken_yaml }];
  }
  if (data === null || data === undefined) return [{ key: null, message: messages.empty }];
  const rules = settings.collections[collection];
  const problems = duplicateKeys(YAML, settings, parts.front).map((key) => ({
    key,
    message: messages.duplicate_key,
  }));
  problems.push(...checkData(rules, data, messages));
  const oneOf = settings.one_of[collection];
  if (oneOf && !problems.length && oneOf.every((key) => isEmpty(data[key]))) {
    problems.push({ key: oneOf[0], message: messages.no_story });
  }
  return problems;
}

export function parseFront(YAML, settings, front) {
  // Keys written twice are read (the last one wins, as in PyYAML) and reported apart.
  const options = { ...yamlOptions(settings.scalars), uniqueKeys: false };
  const document = YAML.parseDocument(front, options);
  if (document.errors.length) throw document.errors[0];
  return document.toJS({ maxAliasCount: 1000 });
}

function duplicateKeys(YAML, settings, front) {
  // The keys of the front matter written twice, as the validator reports them.
  const options = { ...yamlOptions(settings.scalars), uniqueKeys: false };
  const map = YAML.parseDocument(front, options).contents;
  const seen = new Set();
  const twice = [];
  for (const pair of YAML.isMap(map) ? map.items : []) {
    const key = String(pair.key?.value ?? pair.key);
    if (seen.has(key)) twice.push(key);
    seen.add(key);
  }
  return twice;
}

// --- Reading a file into the form, writing the form into the file --------------------------
export const ORIGINAL = "oqrls_original"; // the file as read, kept in the entry, never written

function normalize(rules, data) {
  // What the form widgets show: a single value as a one-item list where the validator allows
  // it, terms written by label or alias as their ids. Anything else stays as written, so the
  // check names it.
  const out = { ...data };
  for (const [key, rule] of Object.entries(rules)) {
    let value = out[key];
    if (value === undefined || value === null) continue;
    if (rule.kind === "terms" || rule.kind === "list") {
      value = oneOrMany(rule, value);
      if (rule.kind === "terms" && Array.isArray(value)) {
        value = value.map((item) => {
          const text = termText(item);
          return typeof text === "string" ? rule.terms[matchKey(text)] ?? item : item;
        });
      }
      out[key] = value;
    } else if (rule.kind === "query" && typeof value === "object" && !Array.isArray(value)) {
      out[key] = normalize(rule.fields, value);
    }
  }
  return out;
}

function comparable(rules, data, settings) {
  // What a value means: an empty optional value is the same as no key, a default too.
  const out = {};
  for (const [key, value] of Object.entries(data)) {
    if (key === ORIGINAL || key === settings.slug_field || key === settings.body) continue;
    const rule = rules[key];
    if (isEmpty(value)) continue;
    if (rule && "default" in rule && value === rule.default) continue;
    out[key] =
      rule && rule.kind === "query" && typeof value === "object"
        ? comparable(rule.fields, value, settings)
        : value;
    if (isEmpty(out[key])) delete out[key];
  }
  return out;
}

function sorted(value) {
  // The same meaning whatever the order of the keys (the form's order is not the file's).
  if (Array.isArray(value)) return value.map(sorted);
  if (value && typeof value === "object" && !(value instanceof YamlFloat)) {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sorted(value[key])]));
  }
  return value;
}

function same(a, b) {
  return JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
}

/** The form's values of a file: its front matter as the validator reads it, the text after. */
export function readFile(YAML, settings, collection, raw) {
  const rules = settings.collections[collection];
  const parts = split(raw);
  let data = {};
  try {
    const parsed = parseFront(YAML, settings, parts.front);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) data = parsed;
  } catch (error) {
    // Shown empty; saving is refused (`checkText`) until it is fixed in a text editor.
  }
  return { ...normalize(rules, data), [settings.body]: parts.body.replace(/^\n/, ""), [ORIGINAL]: raw };
}

/** The file of the form's values. An existing file keeps every byte the broker did not
 * change: comments, order, quoting, anchors, flow style, line ends, byte-order mark, the
 * blank lines around the text. Throws (in French) rather than write YAML that would not
 * read back as the form says. */
export function writeFile(YAML, settings, collection, data) {
  const rules = settings.collections[collection];
  const raw = data[ORIGINAL];
  const body = data[settings.body] ?? "";
  const values = comparable(rules, data, settings);
  if (typeof raw !== "string") return newFile(YAML, settings, collection, values, body);
  const parts = split(raw);
  const gap = /^\n?/.exec(parts.body)[0];
  const bodyChanged = body !== parts.body.slice(gap.length);
  if (bodyChanged) parts.body = gap + body.replace(/\r\n?/g, "\n");
  let before;
  try {
    before = comparable(rules, normalize(rules, parseFront(YAML, settings, parts.front) || {}), settings);
  } catch (error) {
    throw settings.messages.broken_yaml;
  }
  let front = parts.front;
  // Keys written through an alias change with their anchor: splice again those whose
  // meaning is still not the form's, a few times at most.
  for (let round = 0; round < 4; round += 1) {
    if (same(before, values)) {
      if (round === 0 && !bodyChanged) return raw; // not one byte changed, whatever its line ends
      parts.front = front;
      return join(parts, raw);
    }
    front = splice(YAML, settings, front, before, values);
    try {
      before = comparable(rules, normalize(rules, parseFront(YAML, settings, front) || {}), settings);
    } catch (error) {
      break;
    }
  }
  throw settings.messages.unwritable;
}

function render(YAML, settings, key, value, previous, inFlow) {
  // One `key: value` as YAML; a list keeps the style it had (`[a, b]` or one per line), an
  // anchor stays on its value, a pair of a flow mapping (`{a: 1, b: 2}`) stays a flow pair.
  const document = new YAML.Document({ [key]: value }, yamlOptions(settings.scalars));
  const node = document.get(key, true);
  if (node && Array.isArray(value)) {
    node.flow = inFlow || (previous ? Boolean(previous.flow) : settings.flow_lists.includes(key));
  }
  if (node && previous && previous.anchor) node.anchor = previous.anchor;
  if (inFlow) document.contents.flow = true;
  const text = document.toString(STRINGIFY).replace(/\n$/, "");
  return inFlow ? text.replace(/^\{\s*|\s*\}$/g, "") : text;
}

function splice(YAML, settings, front, before, values) {
  // Rewrite only the `key: value` of the keys whose meaning changed, in place: every other
  // byte (comments, blank lines, order, quoting, folded text) stays as the broker wrote it.
  const document = YAML.parseDocument(front, yamlOptions(settings.scalars));
  const map = document.contents;
  const inFlow = Boolean(map && map.flow);
  const pairs = new Map();
  for (const pair of map?.items ?? []) pairs.set(String(pair.key?.value ?? pair.key), pair);
  const edits = [];
  const added = [];
  for (const key of new Set([...Object.keys(before), ...Object.keys(values)])) {
    if (same(before[key], values[key])) continue;
    const pair = pairs.get(key);
    if (!pair || !pair.key?.range) {
      if (key in values) added.push(render(YAML, settings, key, values[key], null, inFlow));
      continue;
    }
    const start = pair.key.range[0];
    const end = (pair.value ?? pair.key).range[1];
    if (key in values) {
      const text = render(YAML, settings, key, values[key], pair.value, inFlow);
      edits.push([start, end, front[end - 1] === "\n" ? `${text}\n` : text]);
    } else if (inFlow) {
      // `a: 1, b: 2`: the pair and the comma after it (or before it, for the last one).
      const after = /^\s*,\s*/.exec(front.slice(end));
      if (after) edits.push([start, end + after[0].length, ""]);
      else {
        const comma = front.slice(0, start).search(/,\s*$/);
        edits.push([comma < 0 ? start : comma, end, ""]);
      }
    } else {
      const newline = front[end - 1] === "\n" ? end - 1 : front.indexOf("\n", end);
      edits.push([start, newline < 0 ? front.length : newline + 1, ""]);
    }
  }
  let text = front;
  for (const [start, end, replacement] of edits.sort((a, b) => b[0] - a[0])) {
    text = text.slice(0, start) + replacement + text.slice(end);
  }
  if (!added.length) return text;
  if (inFlow) {
    const closing = text.lastIndexOf("}");
    const empty = /\{\s*$/.test(text.slice(0, closing));
    const insert = (empty ? "" : ", ") + added.join(", ");
    return text.slice(0, closing).replace(/\s*$/, "") + insert + text.slice(closing);
  }
  if (text && !text.endsWith("\n")) text += "\n";
  return `${text}${added.join("\n")}\n`;
}

function newFile(YAML, settings, collection, values, body) {
  // Keys in the contract's order, terms as `[a, b]` like the repository's stories.
  const ordered = {};
  for (const key of settings.order[collection]) if (key in values) ordered[key] = values[key];
  const document = new YAML.Document(ordered, yamlOptions(settings.scalars));
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
