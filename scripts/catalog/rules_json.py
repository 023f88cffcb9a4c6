"""Shared helpers of the derive_*_rules.py scripts: natural sort and a stable, reviewable JSON layout."""
import json
import re


def natural_key(s):
    """'a.5.2' before 'a.5.15': digit runs compare as numbers."""
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", s)]


def dump_tables(about, tables):
    """One table key per line, so a change in the source shows as a one-line diff."""
    out = ["{", "  \"about\": " + json.dumps(about) + ",", "  \"tables\": ["]
    for ti, t in enumerate(tables):
        out.append("    {")
        out.append("      \"id\": " + json.dumps(t["id"]) + ",")
        out.append("      \"match\": " + json.dumps(t["match"]) + ",")
        out.append("      \"rationale\": " + json.dumps(t["rationale"]) + ",")
        out.append("      \"tags_by_rule_id\": {")
        keys = sorted(t["tags_by_rule_id"])
        for ki, k in enumerate(keys):
            tags = sorted(set(t["tags_by_rule_id"][k]), key=natural_key)
            sep = "," if ki + 1 < len(keys) else ""
            out.append("        " + json.dumps(k) + ": " + json.dumps(tags) + sep)
        out.append("      }")
        out.append("    }" + ("," if ti + 1 < len(tables) else ""))
    out += ["  ]", "}"]
    return "\n".join(out) + "\n"
