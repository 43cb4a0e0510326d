"""Runs scim2-tester's check_server against a live SCIM server and prints one JSON line per result.

Usage: SCIM_TOKEN=<bearer token> python run_scim2_tester.py <SCIM base URL, e.g. http://127.0.0.1:3000/scim/v2>

Each line: {"status": "SUCCESS" | "COMPLIANT" | "ACCEPTABLE" | "DEVIATION" | "ERROR" | "CRITICAL" | "SKIPPED",
"title", "resourceType", "urn", "reason", "data"}: `urn` is the attribute path a PATCH check was
about (else null), `data` the check's debugging data as JSON. The verdict is the caller's
(test/integration/conformance/); this script exits 0 whenever the checks ran.
"""

import json
import os
import sys

from httpx2 import Client
from pydantic import BaseModel
from scim2_client.engines.httpx2 import SyncSCIMClient
from scim2_tester import check_server


def plain(value):
    """The result's debugging data as JSON: models dumped by alias (`$ref`), anything else as text."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_none=True)
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return repr(value)


def main() -> int:
    if len(sys.argv) != 2 or not os.environ.get("SCIM_TOKEN"):
        print(__doc__, file=sys.stderr)
        return 2
    http = Client(
        base_url=sys.argv[1],
        headers={"Authorization": f"Bearer {os.environ['SCIM_TOKEN']}"},
        # Every write goes through a Temporal workflow; on a loaded test machine that can take
        # longer than httpx's 5 s default.
        timeout=30.0,
    )
    with http:
        # The server is described by what its discovery endpoints publish (check_server reads them).
        results = check_server(SyncSCIMClient(http))
    for result in results:
        data = result.data if isinstance(result.data, dict) else None
        print(
            json.dumps(
                {
                    "status": result.status.name,
                    "title": result.title,
                    "resourceType": result.resource_type,
                    "urn": data.get("urn") if data else None,
                    "reason": result.reason,
                    "data": plain(result.data),
                }
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
