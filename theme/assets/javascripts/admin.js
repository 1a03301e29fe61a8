// The brokers' editor (Decap CMS) at admin/: loaded by theme/admin.html only.
//
// - Reads and writes the files itself (a custom format, front-matter.js): saving changes only
//   the bytes of the fields the broker changed.
// - Refuses what `oqrls check` would refuse for this file, with the generator's own French
//   messages, on the field concerned (and in the notice, for what no field shows).
// - Shows the story as the site does (its style sheets, labels rather than ids, the fiche).
// - Simple lists as one line per item; today's date in a new file; the name `oqrls new`
//   would give a new file.
// The rules and texts come from the page (generator/tools/editor_rules.py).
import {
  checkText,
  isEmpty,
  readFile,
  slugify,
  writeFile,
} from "./front-matter.js";

const settings = JSON.parse(document.getElementById("oqrls-cms").textContent);
const YAML = await import(new URL(settings.yaml_module, document.baseURI).href);
const MESSAGES = settings.messages;
const h = window.h;

// --- What `oqrls check` says of the file a save would write --------------------------------
const verdicts = new WeakMap(); // entry data (immutable) → problems, computed once per change

function problemsOf(collection, data) {
  if (!settings.collections[collection] || !data) return [];
  let problems = verdicts.get(data);
  if (problems === undefined) {
    try {
      const text = writeFile(YAML, settings, collection, data.toJS());
      problems = checkText(YAML, settings, collection, text);
    } catch (error) {
      problems = [{ key: null, message: String(error) }];
    }
    verdicts.set(data, problems);
  }
  return problems;
}

function label(collection, key) {
  return settings.collections[collection]?.[key]?.label ?? key;
}

function refuse(collection, problems) {
  // A string, not an Error: Decap shows it as it is in its French notice (no « Error: »).
  const lines = problems.map(({ key, message }) =>
    key ? `${label(collection, key)} : ${message}` : message,
  );
  throw `${MESSAGES.refused} ${lines.join(" ; ")}`;
}

CMS.registerEventListener({
  name: "preSave",
  handler: ({ entry }) => {
    const collection = entry.get("collection");
    if (!settings.collections[collection]) return undefined;
    const problems = problemsOf(collection, entry.get("data"));
    if (problems.length) refuse(collection, problems);
    // The file name of a new entry, as `oqrls new` makes it (« l'école » → l-ecole).
    return entry.get("data").set(settings.slug_field, slugify(entry.getIn(["data", "title"]) || ""));
  },
});

for (const collection of Object.keys(settings.collections)) {
  CMS.registerCustomFormat(`oqrls-${collection}`, "md", {
    fromFile: (raw) => readFile(YAML, settings, collection, raw),
    toFile: (data) => writeFile(YAML, settings, collection, data),
  });
}

// --- Refusals on their field ------------------------------------------------------------------
function today() {
  const now = new Date();
  const pad = (number) => String(number).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function checked(Control) {
  // The widget as Decap made it, plus the problems `oqrls check` finds in its key: Decap shows
  // them under the field and refuses the save (its `isValid` contract for widgets).
  return createClass({
    componentDidMount() {
      const { entry, field, onChange, value } = this.props;
      const rule = this.rule();
      if (rule && rule.kind === "date" && entry?.get("newRecord") && isEmpty(value)) {
        onChange(today()); // as `oqrls new`
      }
    },
    rule() {
      const collection = this.props.entry?.get("collection");
      const rules = settings.collections[collection];
      const name = this.props.field.get("name");
      const own = (this.props.collection?.get("fields") ?? []).some((f) => f.get("name") === name);
      return rules && own ? rules[name] : undefined;
    },
    isValid() {
      const inner = this.inner?.isValid ? this.inner.isValid() : true;
      const rule = this.rule();
      if (!rule) return inner;
      const { entry, field } = this.props;
      const name = field.get("name");
      const decapSaysIt = field.get("required") !== false; // « champ requis », in Decap's words
      const messages = problemsOf(entry.get("collection"), entry.get("data"))
        .filter(({ key, message }) => key === name && !(decapSaysIt && message === MESSAGES.missing))
        .map(({ message }) => message);
      if (!messages.length) return inner;
      return { error: { type: "CUSTOM", message: messages.join(" ; ") } };
    },
    render() {
      return h(Control, { ...this.props, ref: (control) => (this.inner = control) });
    },
  });
}

for (const name of ["string", "text", "select", "datetime", "boolean", "number", "relation"]) {
  const widget = CMS.getWidget(name);
  if (widget) CMS.registerWidget(name, checked(widget.control), widget.preview);
}

// --- Simple lists: one line per item --------------------------------------------------------
function items(value) {
  if (!value) return [];
  const list = typeof value.toJS === "function" ? value.toJS() : value;
  return Array.isArray(list) ? list.map(String) : [String(list)];
}

const LinesControl = createClass({
  getInitialState() {
    return { text: items(this.props.value).join("\n") };
  },
  change(event) {
    const text = event.target.value;
    this.setState({ text });
    this.props.onChange(text.split("\n").filter((line) => line.trim()));
  },
  render() {
    const { forID, classNameWrapper, setActiveStyle, setInactiveStyle } = this.props;
    return h("textarea", {
      id: forID,
      className: classNameWrapper,
      value: this.state.text,
      rows: Math.max(2, this.state.text.split("\n").length + 1),
      onChange: this.change,
      onFocus: setActiveStyle,
      onBlur: setInactiveStyle,
      style: { minHeight: "auto", fontFamily: "inherit" },
    });
  },
});

const LinesPreview = createClass({
  render() {
    return h("ul", {}, items(this.props.value).map((item, index) => h("li", { key: index }, item)));
  },
});

CMS.registerWidget(settings.lines_widget, checked(LinesControl), LinesPreview);

// --- The story as the site shows it ---------------------------------------------------------
for (const href of settings.preview_styles) CMS.registerPreviewStyle(new URL(href, document.baseURI).href);

function termLabels(key, value) {
  const rule = settings.collections[settings.stories][key];
  return items(value).map((id) => rule.labels[id] ?? id);
}

function longDate(value) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(value ?? ""));
  if (!match) return String(value ?? "");
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return new Intl.DateTimeFormat("fr-CA", { dateStyle: "long", timeZone: "UTC" }).format(date);
}

function entry(term, terms) {
  return h("div", { key: term }, h("dt", {}, term), h("dd", {}, terms));
}

const StoryPreview = createClass({
  render() {
    const data = this.props.entry.get("data");
    const get = (key) => data.get(key);
    const regions = termLabels(settings.place, get(settings.place));
    const partners = items(get("partners"));
    const rows = [];
    for (const facet of settings.facets) {
      const labels = termLabels(facet.key, get(facet.key));
      if (!labels.length) continue;
      if (facet.key === settings.place) {
        rows.push(entry(labels.length === 1 ? facet.singular : facet.plural, labels.join(", ")));
        if (items(get("rls")).length) rows.push(entry(settings.fiche.rls, items(get("rls")).join(", ")));
        if (get("population")) rows.push(entry(settings.fiche.population, get("population")));
        if (partners.length) rows.push(entry(settings.fiche.partners, partners.join(", ")));
        const objectives = items(get("objectives"));
        if (objectives.length) {
          rows.push(entry(settings.fiche.objectives, h("ul", {}, objectives.map((o, i) => h("li", { key: i }, o)))));
        }
      } else {
        const puces = labels.map((text, i) => h("li", { key: i }, h("span", { className: "oqrls-puce" }, text)));
        rows.push(h("div", { key: facet.key, className: "oqrls-fiche__themes" },
          h("dt", {}, facet.label), h("dd", {}, h("ul", { className: "oqrls-puces" }, puces))));
      }
    }
    if (items(get("tags")).length) rows.push(entry(settings.fiche.tags, items(get("tags")).join(", ")));
    const draft = get("draft") === true;
    return h("div", { className: "md-content", "data-md-component": "content" },
      h("article", { className: "md-content__inner md-typeset" },
        draft
          ? h("div", { className: "admonition warning" },
              h("p", { className: "admonition-title" }, settings.fiche.draft),
              h("p", {}, settings.fiche.draft_how))
          : null,
        h("div", { className: "oqrls-recit" },
          h("h1", { id: "titre-recit" }, get("title") || ""),
          h("p", { className: "oqrls-recit__date" },
            `${settings.fiche.published} ${longDate(get("date"))}`,
            regions.length ? ` · ${regions.join(", ")}` : ""),
          h("div", { className: "oqrls-recit__colonnes" },
            get("summary") ? h("p", { className: "oqrls-recit__chapeau" }, get("summary")) : null,
            h("details", { className: "oqrls-fiche", open: true },
              h("summary", { className: "oqrls-fiche__resume" },
                h("span", { className: "oqrls-fiche__titre" }, settings.fiche.title)),
              h("dl", { className: "oqrls-fiche__liste" }, rows)),
            h("div", { className: "oqrls-recit__corps" }, this.props.widgetFor(settings.body))))));
  },
});

CMS.registerPreviewTemplate(settings.stories, StoryPreview);

CMS.init();
