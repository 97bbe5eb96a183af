#!/usr/bin/env python3
"""Checks deploy/compose.yaml without a Docker engine: it parses (yaml.safe_load), every service
the fleet needs is there, and every DRAMABOT_* variable it sets is a key of src/config.rs."""
import pathlib
import re
import sys

import yaml

root = pathlib.Path(__file__).resolve().parent.parent
compose = yaml.safe_load((root / "deploy/compose.yaml").read_text())
config = (root / "src/config.rs").read_text()
known = {
    f"DRAMABOT_{section}_{name}".upper()
    for section, name in re.findall(r'section: "(\w+)",\s*name: "(\w+)"', config)
}
known |= set(re.findall(r'pub const \w+_ENV: &str = "(\w+)"', config))
problems = []
services = compose.get("services", {})
for wanted in ("postgres", "proxy", "gateway", "worker-1", "worker-2"):
    if wanted not in services:
        problems.append(f"no service {wanted}")
for name, service in services.items():
    env = service.get("environment") or {}
    for var in env:
        if var.startswith("DRAMABOT_") and var not in known:
            problems.append(f"{name}: {var} is no key of src/config.rs")
    command = service.get("command") or []
    if name.startswith("worker") and command[:1] != ["serve-http"]:
        problems.append(f"{name}: not serve-http")
    if name != "proxy" and name != "gateway" and "healthcheck" not in service:
        problems.append(f"{name}: no health check")
for problem in problems:
    print(problem, file=sys.stderr)
print(f"{len(services)} services, {len(known)} known variables, {len(problems)} problems")
sys.exit(1 if problems else 0)
