// A SCIM 2.0 server for provisor's tests: SCIMMY does parsing, filtering, PATCH, paging and
// discovery; this file holds users and groups in memory and enforces what SCIMMY leaves to us
// (uniqueness of userName and group displayName, case-insensitively as RFC 7643 has them).
//   node server.js [--port N] [--token T] [--exit-on-stdin-close]
// Env: SCIM_TARGET_PORT, SCIM_TARGET_TOKEN. Prints "scim-target listening on <base url>" once ready.
// POST /test/reset (same bearer token) removes everything.
import {randomUUID} from "node:crypto";
import {parseArgs} from "node:util";
import express from "express";
import SCIMMY from "scimmy";
import SCIMMYRouters from "scimmy-routers";

const {values: args} = parseArgs({options: {
    port: {type: "string", default: process.env.SCIM_TARGET_PORT ?? "0"},
    token: {type: "string", default: process.env.SCIM_TARGET_TOKEN ?? "scim-target-token"},
    "exit-on-stdin-close": {type: "boolean", default: false}}});

// Records by id, plus indexes of the attributes clients match on (emails by value, whatever their
// type), keyed lower-cased so they find every candidate whatever the attribute's case rule (SCIMMY's
// filter.match then decides), and a lower-cased index of the unique attribute.
class Store {
    constructor(resourceType, uniqueAttribute) {
        Object.assign(this, {resourceType, uniqueAttribute, records: new Map(), unique: new Map()});
        this.indexes = {userName: new Map(), externalId: new Map(), displayName: new Map(), "emails.value": new Map()};
    }
    clear() {
        this.records.clear(); this.unique.clear();
        Object.values(this.indexes).forEach(index => index.clear());
    }
    #index(record, add) {
        for (const [attribute, index] of Object.entries(this.indexes)) {
            for (const value of Store.#values(record, attribute).map(v => v.toLowerCase())) {
                const ids = index.get(value) ?? new Set();
                if (add) index.set(value, ids.add(record.id));
                else if (ids.delete(record.id) && !ids.size) index.delete(value);
            }
        }
        const key = record[this.uniqueAttribute]?.toLowerCase?.();
        if (key !== undefined) add ? this.unique.set(key, record.id) : this.unique.delete(key);
    }
    // The string values of an attribute, `emails.value` reading every element of the list.
    static #values(record, attribute) {
        const [name, sub] = attribute.split(".");
        const value = record[name];
        if (sub === undefined) return typeof value === "string" ? [value] : [];
        return Array.isArray(value) ? value.map(element => element?.[sub]).filter(v => typeof v === "string") : [];
    }
    get(id) {
        const record = this.records.get(id);
        if (!record) throw new SCIMMY.Types.Error(404, null, `Resource ${id} not found`);
        return record;
    }
    put(id, data) {
        const previous = id === undefined ? undefined : this.get(id);
        const value = data[this.uniqueAttribute];
        const owner = typeof value === "string" ? this.unique.get(value.toLowerCase()) : undefined;
        if (owner !== undefined && owner !== id)
            throw new SCIMMY.Types.Error(409, "uniqueness", `${this.uniqueAttribute} ${JSON.stringify(value)} is already taken`);
        const now = new Date().toISOString();
        const record = {...JSON.parse(JSON.stringify(data)), id: id ?? randomUUID(),
            meta: {resourceType: this.resourceType, created: previous?.meta.created ?? now, lastModified: now}};
        if (previous) this.#index(previous, false);
        this.records.set(record.id, record);
        this.#index(record, true);
        return record;
    }
    delete(id) {
        this.#index(this.get(id), false);
        this.records.delete(id);
    }
    // Candidates for a filter: from an index when one of its terms is `<indexed attribute> eq "value"`
    // or `emails[... value eq "value"]`; filter.match then checks the whole filter on each candidate.
    #candidates(filter) {
        const terms = filter?.length === 1 ? Object.entries(filter[0]) : [];
        for (const [name, term] of terms) {
            const nested = term !== null && typeof term === "object" && !Array.isArray(term);
            const attribute = nested ? `${name}.value` : name;
            const expression = nested ? term.value : term;
            const [operator, value] = Array.isArray(expression) ? expression : [];
            if (operator?.toLowerCase() !== "eq" || typeof value !== "string") continue;
            if (attribute.toLowerCase() === "id") return this.records.has(value) ? [this.records.get(value)] : [];
            const index = Object.entries(this.indexes).find(([indexed]) => indexed.toLowerCase() === attribute.toLowerCase())?.[1];
            if (index) return [...(index.get(value.toLowerCase()) ?? [])].map(id => this.records.get(id));
        }
        return this.records.values();
    }
    // Filters record by record: SCIMMY's Filter.match throws on a record that lacks an attribute
    // the filter dives into (e.g. emails[type eq "work"]), which must only drop that record.
    find(filter) {
        const matches = [];
        for (const record of this.#candidates(filter)) {
            try { if (!filter || filter.match([record]).length) matches.push(record); } catch { /* no match */ }
        }
        return matches;
    }
}

const users = new Store("User", "userName");
const groups = new Store("Group", "displayName");

// Answers one page, so SCIMMY formats only that page. SCIMMY's ListResponse slices again when the
// returned list is at least startIndex long and not already offset; that happens only for pages
// overlapping the first `count` records, where we return everything from startIndex on instead.
function egress(store) {
    return (resource) => {
        if (resource.id) return store.get(resource.id);
        const matches = store.find(resource.filter);
        const {sortBy, startIndex = 1, count = 20} = resource.constraints ?? {};
        if (sortBy !== undefined) return matches;
        resource.constraints = {...resource.constraints, totalResults: matches.length};
        const page = matches.slice(startIndex - 1, startIndex - 1 + count);
        return startIndex > 1 && page.length >= startIndex ? matches.slice(startIndex - 1) : page;
    };
}

SCIMMY.Resources.declare(SCIMMY.Resources.User.extend(SCIMMY.Schemas.EnterpriseUser, false))
    .ingress((resource, instance) => users.put(resource.id, instance))
    .egress(egress(users))
    .degress((resource) => {
        users.delete(resource.id);
        for (const group of groups.records.values()) {
            const members = group.members?.filter(m => m.value !== resource.id);
            if (members?.length === group.members?.length) continue;
            if (members.length) group.members = members; else delete group.members;
        }
    });
SCIMMY.Resources.declare(SCIMMY.Resources.Group)
    .ingress((resource, instance) => groups.put(resource.id, instance))
    .egress(egress(groups))
    .degress((resource) => groups.delete(resource.id));

const authenticate = (req) => {
    if (req.header("Authorization") !== `Bearer ${args.token}`) throw new Error("Missing or invalid bearer token");
    return "provisor";
};

const app = express();
app.post("/test/reset", (req, res) => {
    try { authenticate(req); } catch (ex) { return res.status(401).send({detail: ex.message}); }
    users.clear(); groups.clear();
    res.status(204).end();
});
app.use("/scim/v2", new SCIMMYRouters({type: "bearer", handler: authenticate,
    baseUri: (req) => `http://${req.header("Host")}`}));

const server = app.listen(Number(args.port), "127.0.0.1", () => {
    console.log(`scim-target listening on http://127.0.0.1:${server.address().port}/scim/v2`);
});
server.on("error", (error) => { console.error(`scim-target: ${error.message}`); process.exit(1); });
// The JVM holds our stdin open; when it dies, even by SIGKILL, stdin closes and so do we.
if (args["exit-on-stdin-close"]) process.stdin.on("end", () => process.exit(0)).resume();
