#!/usr/bin/env bash
# Static checks of the monitoring pack (called by .ci/run; runnable by hand from anywhere):
#   1. promtool check rules   monitoring/alerts.yml
#   2. promtool test rules    monitoring/alerts.test.yml   (fires / does not fire / resolves, per alert)
#   3. promtool check config  monitoring/prometheus.yml    (also loads alerts.yml through rule_files)
#   4. every dashboard in monitoring/dashboards/ is JSON with uid, title and panels, uids are unique, panels use
#      the ${datasource} variable or the provisioned uid (never a numeric id), and every target's expr is valid
#      PromQL: each becomes a recording rule in a temporary rules file (Grafana variables substituted) that
#      promtool check rules parses.
# Installs nothing. Needs promtool (Debian/Ubuntu: apt-get install prometheus; or the prometheus release tarball)
# and python3. Exits non-zero on the first failure.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

missing=0
if ! command -v promtool >/dev/null 2>&1; then
  echo "monitoring/check.sh: promtool not found on PATH." >&2
  echo "  Install it (Debian/Ubuntu: apt-get install -y prometheus; elsewhere: promtool from a release of" >&2
  echo "  https://github.com/prometheus/prometheus/releases) and run again." >&2
  missing=1
fi
if ! command -v python3 >/dev/null 2>&1; then
  echo "monitoring/check.sh: python3 not found on PATH (needed to read the dashboards)." >&2
  missing=1
fi
if [[ "$missing" != 0 ]]; then
  exit 2
fi

step() { printf '\n== %s\n' "$*"; }

step "promtool $(promtool --version 2>&1 | head -n 1 | awk '{print $3}'): check rules alerts.yml"
promtool check rules alerts.yml

step "promtool test rules alerts.test.yml"
promtool test rules alerts.test.yml

step "promtool check config prometheus.yml"
promtool check config prometheus.yml

step "dashboards: structure, and every expr as PromQL"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 - "$here/dashboards" "$work/dashboard-exprs.rules.json" <<'PY'
import glob, json, os, re, sys

directory, out = sys.argv[1], sys.argv[2]
PROVISIONED_UID = "tracking-prometheus"
errors, rules, uids = [], [], {}
files = sorted(glob.glob(os.path.join(directory, "*.json")))
if not files:
    errors.append("no dashboards in %s" % directory)

# Grafana's built-in intervals first, then any template variable ($var, ${var}, ${var:fmt}, [[var]]) as a regex
BUILTINS = [(r"\$\{?__rate_interval\}?", "5m"), (r"\$\{?__interval\}?", "1m"), (r"\$\{?__range\}?", "1h"),
            (r"\$\{?__range_s\}?", "3600"), (r"\$\{?__interval_ms\}?", "60000")]
VARIABLE = re.compile(r"\$\{[A-Za-z0-9_]+(:[A-Za-z0-9_]+)?\}|\$[A-Za-z_][A-Za-z0-9_]*|\[\[[A-Za-z0-9_]+\]\]")

def substitute(expr):
    for pattern, value in BUILTINS:
        expr = re.sub(pattern, value, expr)
    return VARIABLE.sub(".*", expr)

def check_datasource(name, where, ds):
    if ds is None:
        return
    if isinstance(ds, dict):
        uid = ds.get("uid")
        if "id" in ds or uid not in ("${datasource}", "$datasource", PROVISIONED_UID, "-- Mixed --", None):
            errors.append("%s: %s: datasource must be ${datasource} or uid %s, got %r" % (name, where, PROVISIONED_UID, ds))
    elif ds not in ("${datasource}", "$datasource"):
        errors.append("%s: %s: datasource by name or id %r; use {\"uid\": \"${datasource}\"}" % (name, where, ds))

def panels_of(panels):
    for panel in panels:
        yield panel
        yield from panels_of(panel.get("panels", []))

for path in files:
    name = os.path.basename(path)
    try:
        with open(path, encoding="utf-8") as f:
            dashboard = json.load(f)
    except (OSError, ValueError) as e:
        errors.append("%s: not valid JSON: %s" % (name, e))
        continue
    for key in ("uid", "title", "panels"):
        if not dashboard.get(key):
            errors.append("%s: missing or empty %r" % (name, key))
    if dashboard.get("id") not in (None,):
        errors.append("%s: remove the numeric \"id\" (provisioning assigns it; the uid is what is stable)" % name)
    uid = dashboard.get("uid")
    if uid in uids:
        errors.append("%s: uid %r is also used by %s" % (name, uid, uids[uid]))
    uids[uid] = name
    for variable in dashboard.get("templating", {}).get("list", []):
        check_datasource(name, "variable %s" % variable.get("name"), variable.get("datasource"))
    exprs = 0
    for panel in panels_of(dashboard.get("panels") or []):
        where = "panel %s %r" % (panel.get("id"), panel.get("title"))
        check_datasource(name, where, panel.get("datasource"))
        if panel.get("type") != "row" and not panel.get("targets"):
            errors.append("%s: %s has no targets" % (name, where))
        for target in panel.get("targets") or []:
            check_datasource(name, where, target.get("datasource"))
            expr = target.get("expr")
            if not expr or not expr.strip():
                errors.append("%s: %s target %s has no expr" % (name, where, target.get("refId")))
                continue
            concrete = substitute(expr)
            if "$" in concrete:
                errors.append("%s: %s: unsubstituted variable in %r" % (name, where, expr))
                continue
            exprs += 1
            record = "dashboard_check:%s:panel%s_%s" % (re.sub(r"[^A-Za-z0-9_]", "_", name[:-5]), panel.get("id"), target.get("refId"))
            rules.append({"record": record, "expr": concrete})
    print("  %-16s uid=%-20s %3d exprs" % (name, uid, exprs))

if errors:
    print("\n".join("ERROR " + e for e in errors), file=sys.stderr)
    sys.exit(1)
# JSON is YAML: promtool reads this rules file as it is
with open(out, "w", encoding="utf-8") as f:
    json.dump({"groups": [{"name": "dashboard-exprs", "rules": rules}]}, f, indent=1)
PY
promtool check rules "$work/dashboard-exprs.rules.json"

printf '\nmonitoring/check.sh: all checks passed\n'
